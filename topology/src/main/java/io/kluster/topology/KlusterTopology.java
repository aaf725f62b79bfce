package io.kluster.topology;

import io.kluster.data.ClusterAssignmentSerde;
import io.kluster.data.RecordParser;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds Kluster's processor topology.
 *
 * <pre>
 * input ─► validate ─bad──► dead-letter topic
 *              └──► assign (micro-batch store) ─► output topic
 *                       └── samples + batch statistics ─► training topic ─► trainer ─► model topic
 *                                                                                  └──► cluster events topic
 * model topic ─► global model store (every instance) ─► assign
 * </pre>
 */
public final class KlusterTopology {

    /** Source node of the input topic. */
    public static final String INPUT_SOURCE = "input";
    /** Parses and validates input records. */
    public static final String VALIDATE_PROCESSOR = "validate";
    /** Micro-batches and assigns valid records. */
    public static final String ASSIGN_PROCESSOR = "assign";
    /** Sink of the output topic. */
    public static final String OUTPUT_SINK = "assignments";
    /** Sink of the dead-letter topic. */
    public static final String DEAD_LETTER_SINK = "dead-letter";
    /** Sink of the training topic. */
    public static final String TRAINING_SINK = "training-out";
    /** Source node of the training topic. */
    public static final String TRAINING_SOURCE = "training-in";
    /** The trainer. */
    public static final String TRAINER_PROCESSOR = "trainer";
    /** Sink of the model topic. */
    public static final String MODEL_SINK = "models-out";
    /** Sink of the cluster events topic. */
    public static final String CLUSTER_EVENTS_SINK = "cluster-events-out";
    /** Source node of the model topic (global). */
    public static final String MODEL_SOURCE = "models-in";
    /** Updates the global model store. */
    public static final String MODEL_UPDATER = "model-updater";

    /** Store of valid records waiting for assignment, per input partition. */
    public static final String PENDING_STORE = "kluster-pending";
    /** Store of the trainer's buffer. */
    public static final String TRAINING_BUFFER_STORE = "kluster-training-buffer";
    /** Store of the trainer's statistics and counters. */
    public static final String TRAINER_STATE_STORE = "kluster-trainer-state";
    /** Global store of the current model. */
    public static final String MODEL_STORE = "kluster-model-store";
    /** The key of full model bundles on the model topic and in the model store. */
    public static final String BUNDLE_KEY = "model";
    /** The key of centroid updates on the model topic and in the model store. */
    public static final String CENTROIDS_KEY = "centroids";

    private KlusterTopology() {
    }

    /**
     * The topology for the given settings, this instance's model registry, its training service
     * and its meters.
     */
    public static Topology build(TopologySettings settings, OnlineLearningSettings online, ModelRegistry registry,
            ModelTrainingService training, KlusterMetrics metrics) {
        RecordParser parser = RecordParser.builder()
                .format(settings.inputFormat())
                .expectedDimension(settings.inputDimension())
                .maxValueBytes(settings.maxValueBytes())
                .fields(settings.fields())
                .build();
        PendingRecordSerde pendingSerde = new PendingRecordSerde();
        TrainingMessageSerde trainingSerde = new TrainingMessageSerde();
        Topology topology = new Topology();

        topology.addSource(INPUT_SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), settings.inputTopic())
                .addProcessor(VALIDATE_PROCESSOR, () -> new ValidationProcessor(parser, registry, metrics), INPUT_SOURCE)
                .addProcessor(ASSIGN_PROCESSOR, () -> new AssignmentProcessor(settings, online, registry, metrics), VALIDATE_PROCESSOR)
                // Cached: of a record put and deleted within one commit interval (the usual case once a
                // model exists) only the tombstone reaches RocksDB and the changelog; what is still
                // waiting at a commit is flushed whole before the offsets, so nothing is lost.
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PENDING_STORE),
                        Serdes.Long(), pendingSerde).withCachingEnabled(), ASSIGN_PROCESSOR)
                .addSink(DEAD_LETTER_SINK, settings.deadLetterTopic(), new ByteArraySerializer(), new ByteArraySerializer(),
                        VALIDATE_PROCESSOR)
                .addSink(OUTPUT_SINK, settings.outputTopic(), new StringSerializer(),
                        new ClusterAssignmentSerde().serializer(), ASSIGN_PROCESSOR)
                .addSink(TRAINING_SINK, settings.trainingTopic(), new StringSerializer(), trainingSerde.serializer(),
                        ASSIGN_PROCESSOR);

        topology.addSource(TRAINING_SOURCE, new StringDeserializer(), trainingSerde.deserializer(), settings.trainingTopic())
                .addProcessor(TRAINER_PROCESSOR, () -> new TrainerProcessor(settings, online, registry, training, metrics),
                        TRAINING_SOURCE)
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TRAINING_BUFFER_STORE),
                        Serdes.Long(), pendingSerde), TRAINER_PROCESSOR)
                // Cached: the trainer rewrites its state with every message; the changelog sees it once per commit.
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TRAINER_STATE_STORE),
                        Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), TRAINER_PROCESSOR)
                .addSink(MODEL_SINK, settings.modelTopic(), new StringSerializer(), new ByteArraySerializer(),
                        TRAINER_PROCESSOR)
                // Values are ClusterEventSerde's JSON, encoded by the trainer, which forwards bytes to both sinks.
                .addSink(CLUSTER_EVENTS_SINK, settings.clusterEventsTopic(), new StringSerializer(),
                        new ByteArraySerializer(), TRAINER_PROCESSOR);

        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(MODEL_STORE), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                MODEL_SOURCE, new StringDeserializer(), new ByteArrayDeserializer(), settings.modelTopic(),
                MODEL_UPDATER, () -> new ModelStoreUpdater(registry, settings.inputDimension(), metrics));
        return topology;
    }
}
