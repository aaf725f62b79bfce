package io.kluster.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.kluster.cluster.ConfidenceDriftDetector;
import io.kluster.cluster.DecayedClusterStatistics;
import io.kluster.fields.FieldSchema;
import io.kluster.model.ModelBundle;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Specification of the trainer's stored state: after every message it consumed, its store holds
 * what that message changed, so that a commit never covers offsets whose effect the store lacks,
 * and a new owner of the task continues from exactly there.
 */
class TrainerStateTest {


    private static ModelBundle model;

    @TempDir
    Path stateDir;

    private TopologyHarness harness;

    @BeforeAll
    static void trainModel() {
        model = TopologyHarness.trainModel(TopologyHarness.DIMENSION);
    }

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void everyAssignedBatchReachesTheStoreBeforeAnythingIsPublished() {
        TopologySettings settings = TopologySettings.builder(TopologyHarness.DIMENSION).batchSize(8)
                .batchLinger(Duration.ofMillis(50)).coldStartRecords(20).build();
        // Centroid updates every second, no retrain: within the 60 ms below nothing is published.
        harness = new TopologyHarness(settings, TopologyHarness.online(1.0, 100, 0), new IdleTrainer(), stateDir);
        harness.publish(model);
        float[][] rows = TopologyHarness.points(20, 5L, TopologyHarness.DIMENSION);
        for (int i = 0; i < rows.length; i++) {
            harness.send("s" + i, rows[i]);
        }
        harness.driver.advanceWallClockTime(Duration.ofMillis(60));

        assertThat(harness.output.getQueueSize()).isEqualTo(20);
        assertThat(harness.modelRecords()).as("published by the trainer").isEmpty();
        KeyValueStore<String, byte[]> store = harness.driver.getKeyValueStore(KlusterTopology.TRAINER_STATE_STORE);
        byte[] bytes = store.get("trainer");
        assertThat(bytes).as("the trainer's stored state").isNotNull();
        TrainerState state = TrainerState.fromBytes(bytes);
        assertThat(state.recordsSinceRetrain()).isEqualTo(20);
        assertThat(state.statisticsBase()).isEqualTo(model.version());
        assertThat(state.statistics().observed()).as("embeddings folded into the statistics").isEqualTo(20);
        assertThat(state.windowRecords()).as("records in the drift detector's open window").isEqualTo(20);
    }

    @Test
    void theStateSurvivesItsBytesDriftDetectorIncluded() {
        ConfidenceDriftDetector detector = ConfidenceDriftDetector.forWindowMeans();
        for (int i = 0; i < 30; i++) {
            detector.observe(0.9 + 0.01 * (i % 3));
        }
        DecayedClusterStatistics statistics = new DecayedClusterStatistics(new float[][] {{1, 2}, {3, 4}}, 10, 500);
        statistics.observe(1, new float[] {5, 5});
        TrainerState state = new TrainerState(statistics.snapshot(), 3, 1234, 99, 7, detector.state(), 12.5, 17, true, 4321);

        TrainerState back = TrainerState.fromBytes(state.toBytes());

        assertThat(back).isEqualTo(state);
        ConfidenceDriftDetector restored = ConfidenceDriftDetector.forWindowMeans();
        restored.restore(back.drift());
        assertThat(restored.observe(0.2)).as("a restored detector judges the next value as the original does")
                .isEqualTo(detector.observe(0.2));
    }

    @Test
    void stateWrittenBeforeTheDriftDetectorWasKeptStillReads() {
        ByteBuffer old = ByteBuffer.allocate(4 * Long.BYTES + 2 * Integer.BYTES + Long.BYTES + Double.BYTES);
        old.putLong(3).putLong(1234).putLong(99).putLong(7).putInt(0).putInt(0).putLong(0).putDouble(0);

        TrainerState state = TrainerState.fromBytes(old.array());

        assertThat(state.statisticsBase()).isEqualTo(3);
        assertThat(state.recordsSinceRetrain()).isEqualTo(1234);
        assertThat(state.publishedVersion()).isEqualTo(7);
        assertThat(state.drift()).isEqualTo(ConfidenceDriftDetector.State.EMPTY);
        assertThat(state.driftSeen()).isFalse();
    }

    /** A training service whose runs never end: the trainer only keeps statistics. */
    private static final class IdleTrainer implements ModelTrainingService {
        @Override
        public CompletableFuture<ModelBundle> train(float[][] rows, FieldSchema schema, long version) {
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<ModelBundle> retrain(float[][] rows, ModelBundle current) {
            return new CompletableFuture<>();
        }

        @Override
        public void close() {
        }
    }
}
