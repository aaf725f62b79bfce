package io.kluster.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.kluster.data.ClusterAssignment;
import io.kluster.data.ClusterAssignmentSerde;
import io.kluster.data.DeadLetterHeaders;
import io.kluster.data.FeatureRecord;
import io.kluster.data.FeatureRecordCodec;
import io.kluster.model.Embedder;
import io.kluster.model.ModelBundle;
import io.kluster.model.ModelBundleCodec;
import io.kluster.model.ModelTrainer;
import io.kluster.model.PretrainConfig;
import io.kluster.model.TrainingListener;
import io.kluster.model.TrainingSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Specifications of the topology, driven record by record through TopologyTestDriver. */
class KlusterTopologyTest {

    private static final int DIMENSION = 4;
    private static final int BATCH = 8;
    /**
     * The fixture's blobs lie on one line, the middle one at the centre once scaled: they differ in
     * magnitude, not direction, so this model clusters flat rather than on the sphere.
     */
    private static final TrainingSettings TRAINING = TrainingSettings.builder(3)
            .widths("8,2")
            .pretrain(new PretrainConfig(20, 16, 1e-2f, 0f, 3L))
            .kmeansRestarts(3)
            .sphericalEmbedding(false)
            .seed(3L)
            .build();

    private static ModelBundle model;

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private SimpleMeterRegistry meters;
    private ModelRegistry registry;
    private BackgroundModelTrainer trainer;
    private TestInputTopic<byte[], byte[]> input;
    private TestInputTopic<String, byte[]> models;
    private TestOutputTopic<String, ClusterAssignment> output;
    private TestOutputTopic<byte[], byte[]> deadLetters;
    private TestOutputTopic<String, byte[]> training;
    private TestOutputTopic<String, byte[]> modelsOut;
    private final List<TestRecord<String, byte[]>> modelLog = new ArrayList<>();

    @BeforeAll
    static void trainModel() {
        model = new ModelTrainer(TRAINING).train(points(60, 1L), 1, TrainingListener.NONE);
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
        if (trainer != null) {
            trainer.close();
        }
    }

    @Test
    void invalidRecordsGoToTheDeadLetterTopicWithTheirBytesAndReason() {
        start(settings().build());
        byte[] garbage = "{\"id\": \"x\", \"features\": [1, 2".getBytes(StandardCharsets.UTF_8);
        input.pipeInput("bad-key".getBytes(StandardCharsets.UTF_8), garbage);

        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(dead.value()).isEqualTo(garbage);
        assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("bad-key");
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("invalid-json");
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.MESSAGE)).isNotBlank();
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("kluster-input");
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("0");
        assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("0");
        assertThat(output.isEmpty()).isTrue();
    }

    @Test
    void theStreamGoesOnAfterABadRecord() {
        start(settings().build());
        publish(model);
        input.pipeInput(key("a"), json("a", 0));
        input.pipeInput(key("b"), "[1,2,3,4]".getBytes(StandardCharsets.UTF_8));
        input.pipeInput(key("c"), json("c", 1));
        driver.advanceWallClockTime(Duration.ofMillis(60));

        assertThat(ids(output.readRecordsToList())).containsExactly("a", "c");
        assertThat(DeadLetterHeaders.read(deadLetters.readRecord().headers(), DeadLetterHeaders.REASON))
                .isEqualTo("not-an-object");
    }

    @Test
    void recordsOfTheWrongDimensionAreDeadLettered() {
        start(settings().build());
        input.pipeInput(key("short"), FeatureRecordCodec.toJson(new FeatureRecord("short", new float[] {1f, 2f}, null)));

        assertThat(DeadLetterHeaders.read(deadLetters.readRecord().headers(), DeadLetterHeaders.REASON))
                .isEqualTo("wrong-dimension");
    }

    @Test
    void aFullBatchIsAssignedAtOnceAndTheRestWhenTheLingerExpires() {
        start(settings().build());
        publish(model);
        for (int i = 0; i < 2 * BATCH + 3; i++) {
            input.pipeInput(key("r" + i), json("r" + i, i));
        }
        assertThat(output.getQueueSize()).isEqualTo(2 * BATCH);

        driver.advanceWallClockTime(Duration.ofMillis(60));
        assertThat(output.getQueueSize()).isEqualTo(2 * BATCH + 3);
    }

    @Test
    void eachAssignmentIsStudentsTOfTheEncoderOutputAgainstTheCentroids() {
        start(settings().emitSoftAssignments(true).build());
        publish(model);
        float[][] rows = points(BATCH, 9L);
        for (int i = 0; i < BATCH; i++) {
            input.pipeInput(key("p" + i), FeatureRecordCodec.toJson(new FeatureRecord("p" + i, rows[i], null)));
        }
        List<TestRecord<String, ClusterAssignment>> out = output.readRecordsToList();

        float[] embeddings;
        try (Embedder embedder = Embedder.open(model)) {
            embeddings = embedder.embed(rows, BATCH);
        }
        int e = model.encoder().embeddingDimension();
        for (int i = 0; i < BATCH; i++) {
            float[] z = Arrays.copyOfRange(embeddings, i * e, (i + 1) * e);
            double[] kernel = new double[model.k()];
            double sum = 0;
            for (int j = 0; j < model.k(); j++) {
                double d2 = 0;
                for (int t = 0; t < e; t++) {
                    double diff = z[t] - model.centroids()[j][t];
                    d2 += diff * diff;
                }
                kernel[j] = 1.0 / (1.0 + d2); // alpha = 1: (1 + d²)^-1
                sum += kernel[j];
            }
            int best = 0;
            for (int j = 1; j < kernel.length; j++) {
                if (kernel[j] > kernel[best]) {
                    best = j;
                }
            }
            ClusterAssignment a = out.get(i).value();
            assertThat(out.get(i).key()).isEqualTo("p" + i);
            assertThat(a.id()).isEqualTo("p" + i);
            assertThat(a.cluster()).isEqualTo(best);
            assertThat((double) a.confidence()).isCloseTo(kernel[best] / sum, org.assertj.core.api.Assertions.within(1e-5));
            assertThat((double) a.q()[best]).isCloseTo(kernel[best] / sum, org.assertj.core.api.Assertions.within(1e-5));
            assertThat(a.modelVersion()).isEqualTo(1);
            assertThat((double) a.distance()).isCloseTo(Math.sqrt(1.0 / kernel[best] - 1.0),
                    org.assertj.core.api.Assertions.within(1e-3));
        }
    }

    @Test
    void softAssignmentsAreLeftOutUnlessConfigured() {
        start(settings().build());
        publish(model);
        input.pipeInput(key("a"), json("a", 0));
        driver.advanceWallClockTime(Duration.ofMillis(60));

        assertThat(output.readValue().q()).isNull();
    }

    @Test
    void recordsWaitForTheFirstModelThenAreAssignedInArrivalOrder() {
        start(settings().coldStartRecords(1_000).build());
        for (int i = 0; i < 10; i++) {
            input.pipeInput(key("w" + i), json("w" + i, i));
        }
        driver.advanceWallClockTime(Duration.ofMillis(60));
        assertThat(output.isEmpty()).isTrue();
        assertThat(training.getQueueSize()).isEqualTo(10);

        publish(model);
        driver.advanceWallClockTime(Duration.ofMillis(60));
        assertThat(ids(output.readRecordsToList()))
                .containsExactly("w0", "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w9");
    }

    @Test
    void theFirstModelIsTrainedInTheBackgroundFromTheFirstRecords() throws InterruptedException {
        start(settings().coldStartRecords(40).build());
        float[][] rows = points(50, 5L);
        for (int i = 0; i < rows.length; i++) {
            input.pipeInput(key("c" + i), FeatureRecordCodec.toJson(new FeatureRecord("c" + i, rows[i], null)));
        }
        List<TestRecord<String, ClusterAssignment>> out = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (out.size() < rows.length && System.nanoTime() < deadline) {
            driver.advanceWallClockTime(Duration.ofMillis(200));
            out.addAll(output.readRecordsToList());
            Thread.sleep(20);
        }

        assertThat(out).hasSize(rows.length);
        assertThat(ids(out)).doesNotHaveDuplicates();
        assertThat(out.get(0).value().modelVersion()).isEqualTo(1);
        assertThat(registry.version()).isEqualTo(1);
        ModelBundle published = ModelBundleCodec.fromBytes(modelRecords().get(0).value());
        // Training starts at the first check after the 40th record; by then all 50 were buffered.
        assertThat(Integer.parseInt(published.hyperParameters().get("training_records"))).isBetween(40, 50);
    }

    @Test
    void waitingRecordsAreKeptInTheTaskStoreUntilAssigned() {
        start(settings().coldStartRecords(1_000).build());
        for (int i = 0; i < 5; i++) {
            input.pipeInput(key("s" + i), json("s" + i, i));
        }
        KeyValueStore<Long, PendingRecord> pending = driver.getKeyValueStore(KlusterTopology.PENDING_STORE);
        assertThat(pending.approximateNumEntries()).isEqualTo(5);
        assertThat(pending.get(0L).id()).isEqualTo("s0");

        publish(model);
        driver.advanceWallClockTime(Duration.ofMillis(60));
        assertThat(output.getQueueSize()).isEqualTo(5);
        try (var left = pending.all()) {
            assertThat(left.hasNext()).isFalse();
        }
    }

    @Test
    void aModelOfAnotherDimensionOrCorruptBytesIsIgnoredAndTheCurrentOneStays() {
        start(settings().build());
        publish(model);
        models.pipeInput(KlusterTopology.BUNDLE_KEY, Arrays.copyOf(ModelBundleCodec.toBytes(model.withVersion(2)), 100));
        ModelBundle otherDimension = new ModelTrainer(TRAINING).train(points(30, 2L, 5), 3, TrainingListener.NONE);
        models.pipeInput(KlusterTopology.BUNDLE_KEY, ModelBundleCodec.toBytes(otherDimension));

        input.pipeInput(key("a"), json("a", 0));
        driver.advanceWallClockTime(Duration.ofMillis(60));
        assertThat(output.readValue().modelVersion()).isEqualTo(1);
        assertThat(registry.version()).isEqualTo(1);
    }

    @Test
    void aNewerModelIsUsedFromTheNextBatchAndAnOlderOneNever() {
        start(settings().build());
        publish(model.withVersion(2));
        input.pipeInput(key("a"), json("a", 0));
        driver.advanceWallClockTime(Duration.ofMillis(60));
        publish(model.withVersion(3));
        input.pipeInput(key("b"), json("b", 1));
        driver.advanceWallClockTime(Duration.ofMillis(60));
        publish(model.withVersion(1));
        input.pipeInput(key("c"), json("c", 2));
        driver.advanceWallClockTime(Duration.ofMillis(60));

        assertThat(output.readValuesToList().stream().map(ClusterAssignment::modelVersion))
                .containsExactly(2L, 3L, 3L);
    }

    @Test
    void movedCentroidsArePublishedAsANewVersionThatTheNextBatchUses() {
        start(settings().build(), online(1.0, 100, 0));
        publish(model);
        for (int i = 0; i < BATCH; i++) {
            input.pipeInput(key("m" + i), json("m" + i, i));
        }
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        input.pipeInput(key("next"), json("next", 99));
        driver.advanceWallClockTime(Duration.ofMillis(60));

        List<ClusterAssignment> out = output.readValuesToList();
        assertThat(out.get(0).modelVersion()).isEqualTo(1);
        assertThat(out.get(out.size() - 1).modelVersion()).isEqualTo(2);
        CentroidUpdate update = CentroidUpdate.fromBytes(modelRecords().stream()
                .filter(r -> r.key().equals(KlusterTopology.CENTROIDS_KEY)).findFirst().orElseThrow().value());
        assertThat(update.baseVersion()).isEqualTo(1);
        assertThat(update.clusterIds()).isEqualTo(model.clusterIds());
    }

    @Test
    void theBufferIsASlidingWindowOfTheLatestSamples() {
        start(settings().coldStartRecords(5).build(), online(1.0, 10, 0));
        publish(model);
        for (int i = 0; i < 25; i++) {
            input.pipeInput(key("b" + i), json("b" + i, i));
        }
        KeyValueStore<Long, PendingRecord> buffer = driver.getKeyValueStore(KlusterTopology.TRAINING_BUFFER_STORE);
        List<String> ids = new ArrayList<>();
        try (var all = buffer.all()) {
            all.forEachRemaining(kv -> ids.add(kv.value.id()));
        }
        assertThat(ids).containsExactly("b15", "b16", "b17", "b18", "b19", "b20", "b21", "b22", "b23", "b24");
    }

    @Test
    void aRetrainPublishesANewBundleWhoseClustersKeepTheirIds() throws InterruptedException {
        start(settings().coldStartRecords(30).build(), online(1.0, 200, 40));
        publish(model);
        float[][] rows = points(60, 12L);
        for (int i = 0; i < rows.length; i++) {
            input.pipeInput(key("t" + i), FeatureRecordCodec.toJson(new FeatureRecord("t" + i, rows[i], null)));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        ModelBundle retrained = null;
        while (retrained == null && System.nanoTime() < deadline) {
            driver.advanceWallClockTime(Duration.ofMillis(200));
            retrained = modelRecords().stream().filter(r -> r.key().equals(KlusterTopology.BUNDLE_KEY))
                    .map(r -> ModelBundleCodec.fromBytes(r.value())).filter(b -> b.version() > 1).findFirst().orElse(null);
            Thread.sleep(20);
        }

        assertThat(retrained).isNotNull();
        assertThat(registry.base().version()).isEqualTo(retrained.version());
        assertThat(retrained.clusterIds()).containsExactlyInAnyOrder(0, 1, 2);
        int[] before = BackgroundModelTrainer.nearestCentroids(model, rows);
        int[] after = BackgroundModelTrainer.nearestCentroids(retrained, rows);
        int same = 0;
        for (int i = 0; i < rows.length; i++) {
            if (model.clusterIds()[before[i]] == retrained.clusterIds()[after[i]]) {
                same++;
            }
        }
        assertThat(same).as("records keeping their public cluster id").isGreaterThanOrEqualTo(57);
    }

    @Test
    void everyAssignedBatchFeedsTheClusterSizeLatencyReconstructionAndQualityMeters() {
        start(settings().build());
        publish(model);
        int n = 520;
        float[][] rows = points(n, 11L);
        for (int i = 0; i < n; i++) {
            String label = Integer.toString(Math.round(rows[i][0] / 3f));
            input.pipeInput(key("q" + i), FeatureRecordCodec.toJson(new FeatureRecord("q" + i, rows[i], label)));
        }
        driver.advanceWallClockTime(Duration.ofMillis(60));
        assertThat(output.readRecordsToList()).hasSize(n);

        double sizes = meters.find(KlusterMetrics.CLUSTER_SIZE).gauges().stream().mapToDouble(Gauge::value).sum();
        assertThat(sizes).as("cluster sizes over the window").isEqualTo(n);
        assertThat(meters.find(KlusterMetrics.CLUSTER_SIZE).gauges()).extracting(g -> g.getId().getTag("cluster"))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(model.clusterIds()).mapToObj(Integer::toString).toList());
        assertThat(meters.get(KlusterMetrics.END_TO_END_LATENCY).timer().count()).isEqualTo(n);
        var reconstruction = meters.get(KlusterMetrics.RECONSTRUCTION_ERROR).summary();
        assertThat(reconstruction.count()).isEqualTo((n / BATCH + AssignmentProcessor.RECONSTRUCTION_SAMPLE_EVERY - 1)
                / AssignmentProcessor.RECONSTRUCTION_SAMPLE_EVERY);
        assertThat(reconstruction.mean()).isPositive().isFinite();
        assertThat(meters.get(KlusterMetrics.PREQUENTIAL_ACCURACY).gauge().value()).isGreaterThan(0.8);
        assertThat(meters.get(KlusterMetrics.PREQUENTIAL_NMI).gauge().value()).isGreaterThan(0.5);
    }

    private TopologySettings.Builder settings() {
        return TopologySettings.builder(DIMENSION).batchSize(BATCH).batchLinger(Duration.ofMillis(50));
    }

    private void start(TopologySettings settings) {
        start(settings, online(0.1, 10_000, 0));
    }

    private static OnlineLearningSettings online(double sampleRate, int buffer, long retrainEveryRecords) {
        return TopologyHarness.online(sampleRate, buffer, retrainEveryRecords);
    }

    private List<TestRecord<String, byte[]>> modelRecords() {
        modelLog.addAll(modelsOut.readRecordsToList());
        return modelLog;
    }

    private void start(TopologySettings settings, OnlineLearningSettings online) {
        registry = new ModelRegistry();
        trainer = new BackgroundModelTrainer(TRAINING, RetrainSettings.of(3, 3, 1.0));
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "kluster-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        meters = new SimpleMeterRegistry();
        driver = new TopologyTestDriver(KlusterTopology.build(settings, online, registry, trainer,
                new KlusterMetrics(meters, registry)), props);
        input = driver.createInputTopic(settings.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
        models = driver.createInputTopic(settings.modelTopic(), new StringSerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(settings.outputTopic(), new StringDeserializer(),
                new ClusterAssignmentSerde().deserializer());
        deadLetters = driver.createOutputTopic(settings.deadLetterTopic(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        training = driver.createOutputTopic(settings.trainingTopic(), new StringDeserializer(), new ByteArrayDeserializer());
        modelsOut = driver.createOutputTopic(settings.modelTopic(), new StringDeserializer(), new ByteArrayDeserializer());
        modelLog.clear();
    }

    private void publish(ModelBundle bundle) {
        models.pipeInput(KlusterTopology.BUNDLE_KEY, ModelBundleCodec.toBytes(bundle));
    }

    private static byte[] key(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] json(String id, long seed) {
        return FeatureRecordCodec.toJson(new FeatureRecord(id, points(1, 100 + seed)[0], null));
    }

    private static float[][] points(int n, long seed) {
        return points(n, seed, DIMENSION);
    }

    private static float[][] points(int n, long seed, int dimension) {
        return TopologyHarness.points(n, seed, dimension);
    }

    private static List<String> ids(List<TestRecord<String, ClusterAssignment>> records) {
        return records.stream().map(TestRecord::key).collect(Collectors.toList());
    }
}
