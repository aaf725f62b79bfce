package io.kluster.topology;

import io.kluster.cluster.ClusterEvent;
import io.kluster.data.ClusterAssignment;
import io.kluster.data.ClusterAssignmentSerde;
import io.kluster.data.FeatureRecord;
import io.kluster.data.FeatureRecordCodec;
import io.kluster.model.ModelBundle;
import io.kluster.model.ModelBundleCodec;
import io.kluster.model.ModelTrainer;
import io.kluster.model.PretrainConfig;
import io.kluster.model.TrainingListener;
import io.kluster.model.TrainingSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;

/** The whole topology in a TopologyTestDriver, with its topics, stores and meters at hand, for specifications. */
final class TopologyHarness implements AutoCloseable {

    static final int DIMENSION = 4;
    /** Small, quick training settings for the three groups of {@link #points}. */
    static final TrainingSettings TRAINING = TrainingSettings.builder(3).widths("8,2")
            .pretrain(new PretrainConfig(20, 16, 1e-2f, 0f, 3L)).kmeansRestarts(3).seed(3L).build();

    final ModelRegistry registry = new ModelRegistry();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final KlusterMetrics metrics = new KlusterMetrics(meters, registry);
    final TopologyTestDriver driver;
    final TestInputTopic<byte[], byte[]> input;
    final TestInputTopic<String, byte[]> models;
    final TestOutputTopic<String, ClusterAssignment> output;
    final TestOutputTopic<String, byte[]> training;
    final TestOutputTopic<String, ClusterEvent> events;
    private final TestOutputTopic<String, byte[]> modelsOut;
    private final List<TestRecord<String, byte[]>> modelLog = new ArrayList<>();

    TopologyHarness(TopologySettings settings, OnlineLearningSettings online, ModelTrainingService trainer, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "kluster-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(KlusterTopology.build(settings, online, registry, trainer, metrics), props);
        input = driver.createInputTopic(settings.inputTopic(), new ByteArraySerializer(), new ByteArraySerializer());
        models = driver.createInputTopic(settings.modelTopic(), new StringSerializer(), new ByteArraySerializer());
        output = driver.createOutputTopic(settings.outputTopic(), new StringDeserializer(),
                new ClusterAssignmentSerde().deserializer());
        training = driver.createOutputTopic(settings.trainingTopic(), new StringDeserializer(), new ByteArrayDeserializer());
        modelsOut = driver.createOutputTopic(settings.modelTopic(), new StringDeserializer(), new ByteArrayDeserializer());
        events = driver.createOutputTopic(settings.clusterEventsTopic(), new StringDeserializer(),
                new ClusterEventSerde().deserializer());
    }

    /** Online learning with the given sampling, buffer and retrain-by-count, centroids every second, no drift. */
    static OnlineLearningSettings online(double sampleRate, int buffer, long retrainEveryRecords) {
        return new OnlineLearningSettings(sampleRate, buffer, 1_000, Duration.ofSeconds(1), retrainEveryRecords,
                Duration.ZERO, false, 10, 0.0, 0);
    }

    void send(String id, float[] features) {
        input.pipeInput(id.getBytes(StandardCharsets.UTF_8), FeatureRecordCodec.toJson(new FeatureRecord(id, features, null)));
    }

    void publish(ModelBundle bundle) {
        models.pipeInput(KlusterTopology.BUNDLE_KEY, ModelBundleCodec.toBytes(bundle));
    }

    /** Every record the topology wrote to the model topic so far. */
    List<TestRecord<String, byte[]>> modelRecords() {
        modelLog.addAll(modelsOut.readRecordsToList());
        return modelLog;
    }

    /** The full bundles the trainer published so far. */
    List<ModelBundle> publishedBundles() {
        return modelRecords().stream().filter(r -> r.key().equals(KlusterTopology.BUNDLE_KEY))
                .map(r -> ModelBundleCodec.fromBytes(r.value())).toList();
    }

    /** The ids in a store of pending records, in key order. */
    List<String> storeIds(String storeName) {
        KeyValueStore<Long, PendingRecord> store = driver.getKeyValueStore(storeName);
        List<String> ids = new ArrayList<>();
        try (var all = store.all()) {
            all.forEachRemaining(kv -> ids.add(kv.value.id()));
        }
        return ids;
    }

    double counter(String name) {
        return meters.get(name).counter().count();
    }

    /** The count of a counter with one tag, 0 when it has never been incremented. */
    double counter(String name, String tag, String value) {
        var counter = meters.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A model trained with {@link #TRAINING} on 60 {@link #points} of {@code dimension} features. */
    static ModelBundle trainModel(int dimension) {
        return new ModelTrainer(TRAINING).train(points(60, 1L, dimension), 1, TrainingListener.NONE);
    }

    /** Three loose groups of points, so that a model has something to find. */
    static float[][] points(int n, long seed, int dimension) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] rows = new float[n][dimension];
        for (int i = 0; i < n; i++) {
            int group = random.nextInt(3);
            for (int j = 0; j < dimension; j++) {
                rows[i][j] = (float) (group * 3 + random.nextDouble(-1, 1));
            }
        }
        return rows;
    }

    @Override
    public void close() {
        driver.close();
    }
}
