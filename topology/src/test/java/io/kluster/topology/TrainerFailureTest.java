package io.kluster.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.kluster.fields.FieldSchema;
import io.kluster.model.ModelBundle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Specification of the trainer when training fails: a run that throws part way, or that ends with
 * a model no instance could load, publishes nothing, leaves the buffer and the waiting records as
 * they were, and is tried again after a backoff that doubles with every failure in a row.
 */
class TrainerFailureTest {

    private static final int COLD_START = 20;

    private static ModelBundle model;
    private static ModelBundle otherDimension;

    @TempDir
    Path stateDir;

    private TopologyHarness harness;
    private final ScriptedTrainer trainer = new ScriptedTrainer();

    @BeforeAll
    static void trainModels() {
        model = TopologyHarness.trainModel(TopologyHarness.DIMENSION);
        otherDimension = TopologyHarness.trainModel(5);
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void aFirstTrainingThatThrowsMidwayPublishesNothingKeepsTheBufferAndIsRetriedOnTheSameRecords() {
        start(TopologyHarness.online(1.0, 100, 0));
        sendRecords("c", 30);
        List<String> buffered = harness.storeIds(KlusterTopology.TRAINING_BUFFER_STORE);
        trainer.script.add(failingMidway());

        check();
        assertThat(trainer.rowsSeen).as("training runs started").hasSize(1);
        assertThat(harness.modelRecords()).as("records on the model topic after the failed run").isEmpty();
        assertThat(harness.registry.version()).isZero();
        assertThat(harness.storeIds(KlusterTopology.TRAINING_BUFFER_STORE)).as("the buffer after the failure")
                .isEqualTo(buffered);
        assertThat(harness.storeIds(KlusterTopology.PENDING_STORE)).as("records still waiting for a model").hasSize(30);

        trainer.script.add(CompletableFuture.completedFuture(model));
        harness.driver.advanceWallClockTime(TrainerProcessor.FIRST_BACKOFF);
        check();
        assertThat(trainer.rowsSeen).as("the retry, after the backoff, trains on the same buffer").containsExactly(30, 30);
        assertThat(harness.publishedBundles()).extracting(ModelBundle::version).containsExactly(1L);
    }

    @Test
    void aRetrainThatThrowsLeavesTheCurrentModelAndTheBufferAsTheyWere() {
        start(TopologyHarness.online(1.0, 100, 25));
        harness.publish(model);
        sendRecords("r", 30);
        harness.driver.advanceWallClockTime(Duration.ofMillis(60));
        List<String> buffered = harness.storeIds(KlusterTopology.TRAINING_BUFFER_STORE);
        trainer.script.add(failingMidway());

        check();
        assertThat(trainer.rowsSeen).as("retrains started").hasSize(1);
        assertThat(harness.publishedBundles()).as("bundles published by the trainer").isEmpty();
        assertThat(harness.registry.base().version()).isEqualTo(1);
        assertThat(harness.storeIds(KlusterTopology.TRAINING_BUFFER_STORE)).isEqualTo(buffered);
        assertThat(harness.output.getQueueSize()).as("assignment went on with the current model").isEqualTo(30);
    }

    @Test
    void aTrainedModelThatNoInstanceCouldLoadIsNotPublished() {
        start(TopologyHarness.online(1.0, 100, 0));
        sendRecords("d", 30);
        trainer.script.add(CompletableFuture.completedFuture(otherDimension));

        check();
        assertThat(trainer.rowsSeen).hasSize(1);
        assertThat(harness.modelRecords()).as("records on the model topic").isEmpty();
        assertThat(harness.registry.version()).isZero();
        assertThat(harness.storeIds(KlusterTopology.PENDING_STORE)).hasSize(30);
    }

    @Test
    void aRetrainThatKeepsFailingBacksOffExponentiallyAndCountsEveryFailure() {
        start(TopologyHarness.online(1.0, 100, 25));
        harness.publish(model);
        sendRecords("b", 30);
        trainer.failEveryRun = true;

        Duration elapsed = Duration.ZERO;
        while (elapsed.compareTo(Duration.ofSeconds(60)) < 0) {
            harness.driver.advanceWallClockTime(Duration.ofMillis(200));
            elapsed = elapsed.plusMillis(200);
        }

        // Attempts at about 0, 5, 15 and 35 s: each wait doubles the one before.
        assertThat(trainer.rowsSeen).as("retrains started in a minute of failures").hasSize(4);
        assertThat(harness.counter(KlusterMetrics.TRAININGS_FAILED)).isEqualTo(4.0);
        assertThat(harness.publishedBundles()).isEmpty();
        assertThat(harness.output.getQueueSize()).as("assignment went on with the current model").isEqualTo(30);
    }

    @Test
    void noAttemptIsMadeWithinTheBackoffAndTheNextOnePublishes() {
        start(TopologyHarness.online(1.0, 100, 25));
        harness.publish(model);
        sendRecords("s", 30);
        trainer.script.add(failingMidway());
        check();
        assertThat(trainer.rowsSeen).hasSize(1);

        check();
        assertThat(trainer.rowsSeen).as("no attempt within the first backoff").hasSize(1);
        trainer.script.add(CompletableFuture.completedFuture(model.withVersion(2)));
        harness.driver.advanceWallClockTime(TrainerProcessor.FIRST_BACKOFF);
        check();
        assertThat(trainer.rowsSeen).hasSize(2);
        assertThat(harness.publishedBundles()).as("full bundles published").hasSize(1);
    }

    private void start(OnlineLearningSettings online) {
        TopologySettings settings = TopologySettings.builder(TopologyHarness.DIMENSION).batchSize(8)
                .batchLinger(Duration.ofMillis(50)).coldStartRecords(COLD_START).build();
        harness = new TopologyHarness(settings, online, trainer, stateDir);
    }

    private void sendRecords(String prefix, int n) {
        float[][] rows = TopologyHarness.points(n, 5L, TopologyHarness.DIMENSION);
        for (int i = 0; i < n; i++) {
            harness.send(prefix + i, rows[i]);
        }
    }

    /** One trainer check starts a run, the next publishes its outcome: two check intervals. */
    private void check() {
        harness.driver.advanceWallClockTime(Duration.ofMillis(200));
        harness.driver.advanceWallClockTime(Duration.ofMillis(200));
    }

    /** A run that had started (and taken the buffer's rows) when libtorch or the JVM gave way under it. */
    private static CompletableFuture<ModelBundle> failingMidway() {
        return CompletableFuture.failedFuture(new CompletionException(new IllegalStateException("epoch 3 of 20: native error")));
    }

    /** A training service that answers each run with the next scripted outcome, and records what it was given. */
    private static final class ScriptedTrainer implements ModelTrainingService {
        final List<CompletableFuture<ModelBundle>> script = new ArrayList<>();
        final List<Integer> rowsSeen = new ArrayList<>();
        /** Whether a run without a scripted outcome fails, rather than never ending. */
        boolean failEveryRun;

        @Override
        public CompletableFuture<ModelBundle> train(float[][] rows, FieldSchema schema, long version) {
            return next(rows);
        }

        @Override
        public CompletableFuture<ModelBundle> retrain(float[][] rows, ModelBundle current) {
            return next(rows);
        }

        private CompletableFuture<ModelBundle> next(float[][] rows) {
            rowsSeen.add(rows.length);
            if (!script.isEmpty()) {
                return script.remove(0);
            }
            return failEveryRun ? failingMidway() : new CompletableFuture<>();
        }

        @Override
        public void close() {
        }
    }
}
