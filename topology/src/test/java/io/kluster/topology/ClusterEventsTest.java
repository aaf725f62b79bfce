package io.kluster.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.kluster.cluster.ClusterEvent;
import io.kluster.cluster.ClusterLineage;
import io.kluster.fields.FieldSchema;
import io.kluster.model.ModelBundle;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Specification of the cluster events topic: every change to the set of clusters that a published
 * model makes goes out once, keyed and stamped with the version it is published under, beside the
 * model and never on the model topic; centroid steps that change nothing say nothing.
 */
class ClusterEventsTest {

    private static ModelBundle model;

    @TempDir
    Path stateDir;

    private TopologyHarness harness;
    private final List<CompletableFuture<ModelBundle>> script = new ArrayList<>();

    @BeforeAll
    static void trainModel() {
        model = TopologyHarness.trainModel(TopologyHarness.DIMENSION);
    }

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void theFirstModelCreatesEachClusterAndARetrainThatMergesTwoSaysSo() {
        start();
        ClusterLineage first = ClusterLineage.created(model.clusterIds(), new long[] {10, 12, 8}, 1);
        script.add(CompletableFuture.completedFuture(model.withLineage(first)));
        sendRecords("a", 30);
        check();

        List<TestRecord<String, ClusterEvent>> created = harness.events.readRecordsToList();
        assertThat(created).extracting(TestRecord::getValue).containsExactly(
                new ClusterEvent(1, ClusterEvent.Kind.CREATED, new int[] {0}, new long[] {10}),
                new ClusterEvent(1, ClusterEvent.Kind.CREATED, new int[] {1}, new long[] {12}),
                new ClusterEvent(1, ClusterEvent.Kind.CREATED, new int[] {2}, new long[] {8}));
        assertThat(created).extracting(TestRecord::getKey).containsOnly("1");
        assertThat(harness.counter(KlusterMetrics.CLUSTER_EVENTS, "event", "created")).isEqualTo(3.0);

        // The retrain merges id 1 into id 2, as trained for version 2; centroid steps meanwhile take
        // versions of their own, so the model is published later and its event says that version.
        float[][] kept = {model.centroids()[0], model.centroids()[2]};
        ClusterEvent merged = new ClusterEvent(2, ClusterEvent.Kind.MERGED, new int[] {2, 1}, new long[] {9, 4});
        script.add(CompletableFuture.completedFuture(model.withVersion(2)
                .withCentroids(2, kept, new int[] {0, 2}, first.then(List.of(merged), 3))));
        sendRecords("b", 30);
        harness.driver.advanceWallClockTime(Duration.ofSeconds(2));
        check();

        ModelBundle published = harness.publishedBundles().get(harness.publishedBundles().size() - 1);
        assertThat(published.clusterIds()).containsExactly(0, 2);
        List<TestRecord<String, ClusterEvent>> afterRetrain = harness.events.readRecordsToList();
        assertThat(afterRetrain).extracting(TestRecord::getValue)
                .containsExactly(merged.atVersion(published.version()));
        assertThat(afterRetrain).extracting(TestRecord::getKey).containsExactly(String.valueOf(published.version()));
        assertThat(harness.counter(KlusterMetrics.CLUSTER_EVENTS, "event", "merged")).isEqualTo(1.0);

        // Centroid steps of the merged model publish new versions and no event.
        sendRecords("c", 10);
        harness.driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertThat(harness.registry.version()).isGreaterThan(published.version());
        assertThat(harness.events.isEmpty()).isTrue();
        assertThat(harness.modelRecords()).extracting(TestRecord::getKey)
                .containsOnly(KlusterTopology.BUNDLE_KEY, KlusterTopology.CENTROIDS_KEY);
    }

    @Test
    void withAChosenKAStarvingClusterIsRetiredInAModelOfItsOwnAndItsIdIsNeverReused() {
        start(starving(2));
        harness.publish(withUnreachableThirdCluster());
        sendRecords("s", 100);
        harness.driver.advanceWallClockTime(Duration.ofSeconds(2));

        ModelBundle retired = harness.publishedBundles().get(0);
        assertThat(retired.clusterIds()).containsExactly(0, 1);
        assertThat(retired.lineage().nextId()).as("the retired id stays used").isEqualTo(3);
        List<ClusterEvent> events = harness.events.readValuesToList();
        assertThat(events).hasSize(1);
        assertThat(events.get(0).kind()).isEqualTo(ClusterEvent.Kind.RETIRED);
        assertThat(events.get(0).ids()).containsExactly(2);
        assertThat(events.get(0).version()).isEqualTo(retired.version());
        assertThat(harness.counter(KlusterMetrics.CLUSTER_EVENTS, "event", "retired")).isEqualTo(1.0);

        // The fewest clusters allowed remain: the next starving one is reseeded, not retired.
        sendRecords("t", 40);
        harness.driver.advanceWallClockTime(Duration.ofSeconds(4));
        assertThat(harness.registry.current().k()).isEqualTo(2);
        assertThat(harness.events.isEmpty()).isTrue();
    }

    @Test
    void withAFixedKAStarvingClusterIsReseededAndNothingIsRetired() {
        start(starving(0));
        harness.publish(withUnreachableThirdCluster());
        sendRecords("f", 100);
        harness.driver.advanceWallClockTime(Duration.ofSeconds(2));

        assertThat(harness.publishedBundles()).as("full bundles published").isEmpty();
        assertThat(harness.registry.current().k()).isEqualTo(3);
        assertThat(harness.counter(KlusterMetrics.RESEEDS)).isGreaterThanOrEqualTo(1.0);
        assertThat(harness.events.isEmpty()).isTrue();
    }

    /** The model with its third centroid moved far from every embedding, so that it receives no record. */
    private static ModelBundle withUnreachableThirdCluster() {
        float[][] centroids = model.centroids().clone();
        float[] far = centroids[0].clone();
        for (int d = 0; d < far.length; d++) {
            far[d] += 1_000f;
        }
        centroids[2] = far;
        return model.withCentroids(1, centroids, model.clusterIds(), model.lineage());
    }

    /**
     * Online learning that forgets fast (a half-life of 10 records, so the starting weights fade within
     * the test) and whose clusters starve below half the average weight, retiring down to
     * {@code fewest} (0: never).
     */
    private static OnlineLearningSettings starving(int fewest) {
        OnlineLearningSettings base = TopologyHarness.online(1.0, 100, 0);
        return new OnlineLearningSettings(base.sampleRate(), base.bufferRecords(), 10,
                base.centroidUpdateInterval(), base.retrainEveryRecords(), base.retrainInterval(), base.retrainOnDrift(),
                base.minRetrainRecords(), 0.5, fewest);
    }

    private void start() {
        start(TopologyHarness.online(1.0, 100, 25));
    }

    private void start(OnlineLearningSettings online) {
        TopologySettings settings = TopologySettings.builder(TopologyHarness.DIMENSION).batchSize(8)
                .batchLinger(Duration.ofMillis(50)).coldStartRecords(20).build();
        harness = new TopologyHarness(settings, online, new ScriptedTrainer(), stateDir);
    }

    private void sendRecords(String prefix, int n) {
        float[][] rows = TopologyHarness.points(n, prefix.hashCode(), TopologyHarness.DIMENSION);
        for (int i = 0; i < n; i++) {
            harness.send(prefix + i, rows[i]);
        }
    }

    /** One trainer check starts a run, the next publishes its outcome. */
    private void check() {
        harness.driver.advanceWallClockTime(Duration.ofMillis(200));
        harness.driver.advanceWallClockTime(Duration.ofMillis(200));
    }

    /** Answers each run with the next scripted model. */
    private final class ScriptedTrainer implements ModelTrainingService {
        @Override
        public CompletableFuture<ModelBundle> train(float[][] rows, FieldSchema schema, long version) {
            return script.isEmpty() ? new CompletableFuture<>() : script.remove(0);
        }

        @Override
        public CompletableFuture<ModelBundle> retrain(float[][] rows, ModelBundle current) {
            return script.isEmpty() ? new CompletableFuture<>() : script.remove(0);
        }

        @Override
        public void close() {
        }
    }
}
