package io.kluster.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.kluster.data.ClusterAssignment;
import io.kluster.model.ModelBundle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specification of the cap on waiting records: memory and training samples are bounded, records are not dropped. */
class WaitingCapTopologyTest {

    private static final int BATCH = 4;
    private static final int COLD_START = 6;
    private static final int CAP = 10;

    private static ModelBundle model;

    @TempDir
    Path stateDir;

    private BackgroundModelTrainer trainer;
    private TopologyHarness harness;

    @BeforeAll
    static void trainModel() {
        model = TopologyHarness.trainModel(TopologyHarness.DIMENSION);
    }

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
            trainer.close();
        }
    }

    @Test
    void beforeTheFirstModelOnlyTheCapOfWaitingRecordsGoesToTheTrainerAndTheRestIsCountedAsDropped() {
        start(1_000);
        sendRecords(37);

        assertThat(harness.training.readKeyValuesToList()).extracting(kv -> kv.key)
                .as("samples for the first model: the first %d waiting records", CAP)
                .containsExactlyElementsOf(ids(CAP));
        assertThat(harness.counter(KlusterMetrics.TRAINING_SAMPLES_DROPPED)).isEqualTo(27);
        assertThat(harness.storeIds(KlusterTopology.PENDING_STORE)).as("every record still waits in the store")
                .containsExactlyElementsOf(ids(37));
    }

    @Test
    void recordsBeyondTheCapWaitOnDiskAndAreAllAssignedExactlyOnceInArrivalOrder() {
        start(1_000);
        sendRecords(37);
        harness.publish(model);
        harness.driver.advanceWallClockTime(Duration.ofMillis(60));

        List<TestRecord<String, ClusterAssignment>> out = harness.output.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsExactlyElementsOf(ids(37));
        assertThat(harness.storeIds(KlusterTopology.PENDING_STORE)).isEmpty();
    }

    @Test
    void onceAModelExistsSamplingFollowsTheRateAndNothingIsCountedAsDropped() {
        start(1_000);
        harness.publish(model);
        sendRecords(37);
        harness.driver.advanceWallClockTime(Duration.ofMillis(60));

        assertThat(harness.output.getQueueSize()).isEqualTo(37);
        assertThat(harness.counter(KlusterMetrics.TRAINING_SAMPLES_DROPPED)).isZero();
    }

    @Test
    void theCapNeverStarvesTheFirstModelWhenConfiguredBelowTheColdStart() {
        TopologySettings settings = settings(2).build();
        assertThat(settings.waitingCap()).as("a cap below the cold start is raised to it").isEqualTo(COLD_START);
        assertThat(settings(2).batchSize(64).build().waitingCap()).as("and to a batch").isEqualTo(64);
    }

    @Test
    void theTrainersBufferStaysAWindowOfItsCapacityWhateverArrives() {
        start(8);
        harness.publish(model);
        sendRecords(200);
        // The buffer holds max(buffer records, cold start) samples, however far the stream runs ahead.
        assertThat(harness.storeIds(KlusterTopology.TRAINING_BUFFER_STORE)).hasSize(8);
    }

    private void start(int bufferRecords) {
        trainer = new BackgroundModelTrainer(TopologyHarness.TRAINING, RetrainSettings.of(3, 3, 1.0));
        harness = new TopologyHarness(settings(CAP).build(), TopologyHarness.online(1.0, bufferRecords, 0),
                trainer, stateDir);
    }

    private static TopologySettings.Builder settings(int cap) {
        return TopologySettings.builder(TopologyHarness.DIMENSION).batchSize(BATCH).batchLinger(Duration.ofMillis(50))
                .coldStartRecords(COLD_START).waitingMemoryRecords(cap);
    }

    private void sendRecords(int n) {
        float[][] rows = TopologyHarness.points(n, 7L, TopologyHarness.DIMENSION);
        for (int i = 0; i < n; i++) {
            harness.send("w" + i, rows[i]);
        }
    }

    private static List<String> ids(int n) {
        return IntStream.range(0, n).mapToObj(i -> "w" + i).toList();
    }
}
