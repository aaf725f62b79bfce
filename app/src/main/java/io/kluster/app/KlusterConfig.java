package io.kluster.app;

import io.kluster.app.metrics.ImageShape;
import io.kluster.cluster.StabilityKSelector;
import io.kluster.data.InputFormat;
import io.kluster.model.ClusteringMethod;
import io.kluster.fields.FieldSpec;
import io.kluster.fields.FieldsSettings;
import io.kluster.model.EncoderChoice;
import io.kluster.model.EncoderSpec;
import io.kluster.model.ModelBundle;
import io.kluster.model.FeatureScaler;
import io.kluster.model.PretrainConfig;
import io.kluster.model.TrainingSettings;
import io.kluster.topology.ClusterActivity;
import io.kluster.topology.OnlineLearningSettings;
import io.kluster.topology.RetrainSettings;
import io.kluster.topology.TopologySettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Kluster's own settings, the {@code kluster.*} keys, defined, documented and validated the way
 * Kafka's {@code StreamsConfig} does. Any other key in the same properties goes to Kafka Streams
 * and its clients unchanged.
 *
 * <p>Values come from, lowest precedence first: the defaults below, a properties file
 * ({@code --config}), environment variables ({@code KLUSTER_BATCH_SIZE} for
 * {@code kluster.batch.size}) and command-line flags.
 */
public final class KlusterConfig extends AbstractConfig {

    /** Prefix of Kluster's own keys. */
    public static final String PREFIX = "kluster.";

    /** Input topic. */
    public static final String INPUT_TOPIC = "kluster.input.topic";
    /** Output topic. */
    public static final String OUTPUT_TOPIC = "kluster.output.topic";
    /** Dead-letter topic. */
    public static final String DEAD_LETTER_TOPIC = "kluster.dead.letter.topic";
    /** Model topic. */
    public static final String MODEL_TOPIC = "kluster.model.topic";
    /** Training topic. */
    public static final String TRAINING_TOPIC = "kluster.training.topic";
    /** Topic of cluster events. */
    public static final String CLUSTER_EVENTS_TOPIC = "kluster.cluster.events.topic";
    /** Partitions of topics Kluster creates. */
    public static final String TOPIC_PARTITIONS = "kluster.topic.partitions";
    /** Input value format. */
    public static final String INPUT_FORMAT = "kluster.input.format";
    /** Input dimension. */
    public static final String INPUT_DIMENSION = "kluster.input.dimension";
    /** The feature fields of named-field events. */
    public static final String INPUT_FIELDS = "kluster.input.fields";
    /** The field of a named-field event that holds its id. */
    public static final String INPUT_ID_FIELD = "kluster.input.id.field";
    /** The field of a named-field event that holds its label. */
    public static final String INPUT_LABEL_FIELD = "kluster.input.label.field";
    /** Fields of named-field events that are never features. */
    public static final String INPUT_IGNORE_FIELDS = "kluster.input.ignore.fields";
    /** Deep encoder, none, or chosen from the data. */
    public static final String ENCODER = "kluster.encoder";
    /** Largest input value. */
    public static final String INPUT_MAX_BYTES = "kluster.input.max.bytes";
    /** Number of clusters, or auto. */
    public static final String K = "kluster.k";
    /** Fewest clusters kluster.k=auto may choose. */
    public static final String K_MIN = "kluster.k.min";
    /** Most clusters kluster.k=auto may choose. */
    public static final String K_MAX = "kluster.k.max";
    /** The value of kluster.k that has Kluster choose k. */
    public static final String AUTO_K = "auto";
    /** Micro-batch size. */
    public static final String BATCH_SIZE = "kluster.batch.size";
    /** Micro-batch linger. */
    public static final String BATCH_LINGER_MS = "kluster.batch.linger.ms";
    /** How soon a live stream's outputs commit: a task asks for an early commit at most this often. */
    public static final String COMMIT_LATENCY_MS = "kluster.commit.latency.ms";
    /** Which code HotSpot's optimising compiler may compile: all or training. */
    public static final String JIT_C2 = "kluster.jit.c2";
    /** Emit the soft assignment vector. */
    public static final String EMIT_Q = "kluster.emit.q";
    /** Student's t alpha. */
    public static final String ALPHA = "kluster.alpha";
    /** Waiting records a task keeps in memory. */
    public static final String WAITING_MEMORY_RECORDS = "kluster.waiting.memory.records";
    /** Records the first model is trained on. */
    public static final String COLD_START_RECORDS = "kluster.cold.start.records";
    /** Encoder widths. */
    public static final String ENCODER_WIDTHS = "kluster.encoder.widths";
    /** Input scaling. */
    public static final String SCALING = "kluster.scaling";
    /** Pre-training epochs. */
    public static final String PRETRAIN_EPOCHS = "kluster.pretrain.epochs";
    /** Pre-training batch size. */
    public static final String PRETRAIN_BATCH_SIZE = "kluster.pretrain.batch.size";
    /** Pre-training learning rate. */
    public static final String PRETRAIN_LEARNING_RATE = "kluster.pretrain.learning.rate";
    /** Pre-training masking noise. */
    public static final String PRETRAIN_MASKING_NOISE = "kluster.pretrain.masking.noise";
    /** k-means restarts. */
    public static final String KMEANS_RESTARTS = "kluster.kmeans.restarts";
    /** Seed. */
    public static final String SEED = "kluster.seed";
    /** Fraction of records sampled for training. */
    public static final String TRAINING_SAMPLE_RATE = "kluster.training.sample.rate";
    /** Size of the trainer's sliding window. */
    public static final String BUFFER_RECORDS = "kluster.buffer.records";
    /** Half-life of the online centroid statistics. */
    public static final String HALF_LIFE_RECORDS = "kluster.half.life.records";
    /** Interval of centroid updates. */
    public static final String CENTROID_UPDATE_INTERVAL_MS = "kluster.centroid.update.interval.ms";
    /** Retrain after this many records. */
    public static final String RETRAIN_EVERY_RECORDS = "kluster.retrain.every.records";
    /** Retrain after this long. */
    public static final String RETRAIN_INTERVAL_MS = "kluster.retrain.interval.ms";
    /** Reconstruction epochs of a retrain. */
    public static final String RETRAIN_EPOCHS = "kluster.retrain.epochs";
    /** Most epochs of a retrain's clustering phase. */
    public static final String RETRAIN_CLUSTER_EPOCHS = "kluster.retrain.cluster.epochs";
    /** Share of one core a retrain may compute for while the stream assigns. */
    public static final String RETRAIN_CPU_SHARE = "kluster.retrain.cpu.share";
    /** Clustering method. */
    public static final String METHOD = "kluster.method";
    /** Clustering epochs. */
    public static final String CLUSTER_EPOCHS = "kluster.cluster.epochs";
    /** Adam learning rate of the clustering phase. */
    public static final String CLUSTER_LEARNING_RATE = "kluster.cluster.learning.rate";
    /** DEC/IDEC: batches between target-distribution updates. */
    public static final String DEC_UPDATE_INTERVAL = "kluster.dec.update.interval";
    /** DEC/IDEC and DAMIC's expert rounds: stopping tolerance on changed assignments. */
    public static final String DEC_TOLERANCE = "kluster.dec.tolerance";
    /** IDEC and DeepCluster: weight of the clustering loss. */
    public static final String CLUSTER_LOSS_WEIGHT = "kluster.cluster.loss.weight";
    /** DCN: weight of the k-means loss. */
    public static final String DCN_LAMBDA = "kluster.dcn.lambda";
    /** DAMIC: mini-batch steps of each expert per round of reassignment. */
    public static final String DAMIC_EXPERT_STEPS = "kluster.damic.expert.steps";
    /** Weight of the balanced-assignment regulariser. */
    public static final String BALANCE_WEIGHT = "kluster.balance.weight";
    /** Cluster on the sphere. */
    public static final String SPHERICAL_EMBEDDING = "kluster.embedding.spherical";
    /** Retrain on confidence drift. */
    public static final String RETRAIN_ON_DRIFT = "kluster.retrain.on.drift";
    /** Reseeding threshold. */
    public static final String RESEED_MIN_WEIGHT_FRACTION = "kluster.reseed.min.weight.fraction";
    /** Window of the per-cluster and prequential meters and the live page. */
    public static final String ACTIVITY_WINDOW_RECORDS = "kluster.activity.window.records";
    /** How the live page draws records as images. */
    public static final String PAGE_IMAGE_SHAPE = "kluster.page.image.shape";

    /** The trainer's own defaults, which the training keys below take as theirs. */
    private static final TrainingSettings TRAINING_DEFAULTS = TrainingSettings.builder(2).build();

    private static final ConfigDef DEFINITION = new ConfigDef()
            .define(INPUT_TOPIC, Type.STRING, TopologySettings.DEFAULT_INPUT_TOPIC, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Topic of the records to cluster.")
            .define(OUTPUT_TOPIC, Type.STRING, TopologySettings.DEFAULT_OUTPUT_TOPIC, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Topic the assignments are written to, one per valid input record, keyed by id.")
            .define(DEAD_LETTER_TOPIC, Type.STRING, TopologySettings.DEFAULT_DEAD_LETTER_TOPIC,
                    new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Topic that receives invalid input records with their original bytes and reason headers.")
            .define(MODEL_TOPIC, Type.STRING, TopologySettings.DEFAULT_MODEL_TOPIC, new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Compacted topic that carries model bundles to every instance.")
            .define(TRAINING_TOPIC, Type.STRING, TopologySettings.DEFAULT_TRAINING_TOPIC, new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Single-partition topic that feeds the trainer.")
            .define(CLUSTER_EVENTS_TOPIC, Type.STRING, TopologySettings.DEFAULT_CLUSTER_EVENTS_TOPIC,
                    new ConfigDef.NonEmptyString(), Importance.MEDIUM, "Topic that receives a JSON event for every "
                            + "change to the set of clusters a published model makes: {\"version\", \"event\": "
                            + "\"created|split|merged|retired\", \"ids\": [...], \"sizes\": [...]}, keyed by model version.")
            .define(TOPIC_PARTITIONS, Type.INT, 2, ConfigDef.Range.atLeast(1), Importance.MEDIUM,
                    "Partitions of the input, output and dead-letter topics when Kluster creates them.")
            .define(INPUT_FORMAT, Type.STRING, "json", ConfigDef.CaseInsensitiveValidString.in("json", "binary", "fields"),
                    Importance.HIGH, "Input value format: json ({\"id\", \"features\", \"label\"}), binary "
                            + "(little-endian float32 vector, id from the key) or fields (a JSON object whose named "
                            + "fields are the features, encoded by a schema the first model fits and ships).")
            .define(INPUT_FIELDS, Type.STRING, "", new FieldListValidator(), Importance.HIGH,
                    "Format fields: comma-separated name or name:type (numeric, categorical, boolean, text) of the "
                            + "feature fields, as the JSON names them (spaces and parentheses included) or as a JSON "
                            + "Pointer (/user/country). Empty: every top-level field but the id, the label and the "
                            + "ignored ones, each of the type inferred from the first model's records. A declared type "
                            + "dead-letters a value that cannot be read as it (wrong-field-type).")
            .define(INPUT_ID_FIELD, Type.STRING, FieldsSettings.DEFAULT_ID_FIELD, new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Format fields: the field holding the record id; a record without it takes "
                            + "the record key as id.")
            .define(INPUT_LABEL_FIELD, Type.STRING, FieldsSettings.DEFAULT_LABEL_FIELD, new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Format fields: the field holding the ground-truth label, used for reporting "
                            + "only, never as a feature.")
            .define(INPUT_IGNORE_FIELDS, Type.STRING, "", Importance.MEDIUM,
                    "Format fields: comma-separated names of fields that are never features.")
            .define(INPUT_DIMENSION, Type.INT, 0, ConfigDef.Range.atLeast(0), Importance.HIGH,
                    "Features per record; 0 takes it from the model given with --model. Records of another "
                            + "dimension are dead-lettered.")
            .define(INPUT_MAX_BYTES, Type.INT, TopologySettings.DEFAULT_MAX_VALUE_BYTES, ConfigDef.Range.atLeast(16),
                    Importance.LOW, "Input values larger than this are dead-lettered unparsed.")
            .define(K, Type.STRING, "10", new KValidator(), Importance.HIGH, "Number of clusters, or auto: the first "
                    + "model and every retrain then choose k in [kluster.k.min, kluster.k.max] on the embeddings they "
                    + "cluster, as the k whose k-means partition is most stable across random subsamples.")
            .define(K_MIN, Type.INT, 2, ConfigDef.Range.between(2, 10_000), Importance.MEDIUM,
                    "With kluster.k=auto: the fewest clusters it may choose.")
            .define(K_MAX, Type.INT, 30, ConfigDef.Range.between(2, 10_000), Importance.MEDIUM,
                    "With kluster.k=auto: the most clusters it may choose (fewer when the records cannot support "
                            + "them: " + StabilityKSelector.MIN_POINTS_PER_CLUSTER + " per cluster in each subsample).")
            .define(BATCH_SIZE, Type.INT, TopologySettings.DEFAULT_BATCH_SIZE, ConfigDef.Range.between(1, 65_536),
                    Importance.MEDIUM, "Records per encoder forward pass.")
            .define(BATCH_LINGER_MS, Type.LONG, TopologySettings.DEFAULT_BATCH_LINGER.toMillis(),
                    ConfigDef.Range.between(1, 60_000), Importance.MEDIUM,
                    "Longest time a partial micro-batch waits before it is assigned anyway (wall clock).")
            .define(COMMIT_LATENCY_MS, Type.LONG, TopologySettings.DEFAULT_COMMIT_LATENCY.toMillis(),
                    ConfigDef.Range.between(0, 60_000), Importance.MEDIUM,
                    "How soon the outputs of a live stream are visible: a task whose latest batch holds a "
                            + "record at most ten times this old (by its timestamp) asks for a commit, at most once "
                            + "per this interval. Older records are a backlog: they commit every commit.interval.ms "
                            + "(Kluster's default 1000), and the transactions saved leave more time to assign. "
                            + "0: commit every commit.interval.ms only.")
            .define(EMIT_Q, Type.BOOLEAN, false, Importance.LOW,
                    "Whether each assignment carries the full soft assignment vector q.")
            .define(ALPHA, Type.DOUBLE, 1.0, ConfigDef.Range.atLeast(1e-6), Importance.LOW,
                    "Degrees of freedom of the Student's t kernel.")
            .define(COLD_START_RECORDS, Type.INT, TopologySettings.DEFAULT_COLD_START_RECORDS,
                    ConfigDef.Range.atLeast(2), Importance.MEDIUM,
                    "Valid records that wait for, and train, the first model when none is given.")
            .define(WAITING_MEMORY_RECORDS, Type.INT, TopologySettings.DEFAULT_WAITING_MEMORY_RECORDS,
                    ConfigDef.Range.between(1, 10_000_000), Importance.MEDIUM,
                    "Most valid records a task keeps in memory while they wait to be assigned (before the first "
                            + "model exists, or behind a slow encoder); never less than kluster.batch.size and "
                            + "kluster.cold.start.records. Beyond it records wait in the task's changelog-backed store "
                            + "on disk only and are read back in order, so none is lost or reordered; before the first "
                            + "model they are also not sent to the trainer (counted in kluster.training.samples.dropped).")
            .define(JIT_C2, Type.STRING, CompilerPolicy.ALL.id(),
                    ConfigDef.CaseInsensitiveValidString.in("all", "training"), Importance.LOW,
                    "Which code HotSpot's optimising compiler (C2) compiles in a process that runs the stream: all "
                            + "(the JVM's default) or training (only the training code: k-means, the mixture, UMAP, "
                            + "the model; the stream, Kafka's clients and an in-process broker run C1's code). On "
                            + "two cores, training cut a short run's CPU against a separate broker, but in one process "
                            + "with the broker C2's code ran JSON 1.6 times as fast once compiled "
                            + "(bench/results/performance.md). Set once per JVM.")
            .define(ENCODER, Type.STRING, EncoderChoice.AUTO.id(),
                    ConfigDef.CaseInsensitiveValidString.in("auto", "deep", "none"), Importance.MEDIUM,
                    "The encoder: deep (an autoencoder of kluster.encoder.widths, trained by kluster.method), none "
                            + "(k-means++ with restarts on the scaled features, then Student's t among them), or auto: "
                            + "deep for at least " + EncoderChoice.DEEP_MIN_WIDTH + " features and "
                            + EncoderChoice.DEEP_MIN_RECORDS + " training records, else none; auto means deep when "
                            + "kluster.method or kluster.encoder.widths is set. A retrain keeps the model's kind unless "
                            + "this is set.")
            .define(ENCODER_WIDTHS, Type.STRING, EncoderSpec.DEFAULT_WIDTHS, new WidthsValidator(), Importance.MEDIUM,
                    "Encoder layer widths, hidden layers then the embedding dimension; the decoder mirrors them.")
            .define(SCALING, Type.STRING, "auto", ConfigDef.CaseInsensitiveValidString.in("auto", "none", "standard"),
                    Importance.LOW, "Input scaling before the encoder: standard (per-feature z-score), none, or "
                            + "auto (none when all features lie in [0, 1], else standard).")
            .define(PRETRAIN_EPOCHS, Type.INT, PretrainConfig.DEFAULT.epochs(), ConfigDef.Range.atLeast(0),
                    Importance.MEDIUM, "Autoencoder pre-training epochs.")
            .define(PRETRAIN_BATCH_SIZE, Type.INT, PretrainConfig.DEFAULT.batchSize(), ConfigDef.Range.atLeast(1),
                    Importance.LOW, "Autoencoder pre-training mini-batch size.")
            .define(PRETRAIN_LEARNING_RATE, Type.DOUBLE, asWritten(PretrainConfig.DEFAULT.learningRate()),
                    ConfigDef.Range.between(1e-7, 1.0), Importance.LOW, "Adam learning rate for pre-training.")
            .define(PRETRAIN_MASKING_NOISE, Type.DOUBLE, asWritten(PretrainConfig.DEFAULT.maskingNoise()),
                    ConfigDef.Range.between(0.0, 0.95), Importance.LOW,
                    "Fraction of inputs zeroed during pre-training (a denoising autoencoder); 0 for none.")
            .define(METHOD, Type.STRING, TRAINING_DEFAULTS.method().id(), new MethodValidator(),
                    Importance.HIGH, "Deep clustering objective: ae-kmeans, dec, idec, dcn, deepcluster, damic or n2d (UMAP and a Gaussian mixture on the pre-trained embeddings, distilled into the model; IDEC where that partition is not reproducible).")
            .define(CLUSTER_EPOCHS, Type.INT, TRAINING_DEFAULTS.clusterEpochs(),
                    ConfigDef.Range.between(0, 100_000), Importance.MEDIUM,
                    "Most epochs of the clustering phase that follows pre-training (0 keeps the pre-trained model).")
            .define(CLUSTER_LEARNING_RATE, Type.DOUBLE, asWritten(TRAINING_DEFAULTS.clusterLearningRate()),
                    ConfigDef.Range.between(1e-7, 1.0), Importance.LOW, "Adam learning rate of the clustering phase.")
            .define(DEC_UPDATE_INTERVAL, Type.INT, TRAINING_DEFAULTS.updateInterval(),
                    ConfigDef.Range.atLeast(1), Importance.LOW,
                    "DEC/IDEC: mini-batches between recomputations of the target distribution P (at least once "
                            + "an epoch).")
            .define(DEC_TOLERANCE, Type.DOUBLE, TRAINING_DEFAULTS.tolerance(),
                    ConfigDef.Range.between(0.0, 0.999), Importance.LOW,
                    "DEC/IDEC: stop once fewer than this fraction of hard assignments change between two "
                            + "updates of P; DAMIC: between two rounds of its experts' reassignment.")
            .define(CLUSTER_LOSS_WEIGHT, Type.DOUBLE, TRAINING_DEFAULTS.gamma(),
                    ConfigDef.Range.between(1e-9, 1e6), Importance.LOW,
                    "IDEC and DeepCluster: weight γ of the clustering loss (KL, cross-entropy on the "
                            + "pseudo-labels) against the reconstruction loss.")
            .define(DCN_LAMBDA, Type.DOUBLE, TRAINING_DEFAULTS.lambda(),
                    ConfigDef.Range.between(1e-9, 1e6), Importance.LOW,
                    "DCN: weight of the k-means loss against the reconstruction loss.")
            .define(DAMIC_EXPERT_STEPS, Type.INT, TRAINING_DEFAULTS.expertSteps(),
                    ConfigDef.Range.between(1, 1_000_000), Importance.LOW,
                    "DAMIC: mini-batch steps each expert takes per round of reassignment (whole epochs, at "
                            + "least one), and the fewest the gate takes to learn the experts' partition.")
            .define(BALANCE_WEIGHT, Type.DOUBLE, TRAINING_DEFAULTS.balanceWeight(),
                    ConfigDef.Range.between(0.0, 1000.0), Importance.LOW,
                    "DEC/IDEC: weight of the balanced-assignment regulariser, KL of each batch's mean soft "
                            + "assignment to the uniform distribution; 0 turns it off.")
            .define(SPHERICAL_EMBEDDING, Type.BOOLEAN, TRAINING_DEFAULTS.sphericalEmbedding(),
                    Importance.MEDIUM,
                    "Cluster on the sphere: embeddings are scaled to length √e wherever clustering reads them "
                            + "(k-means, every method's clustering loss, assignment), so that clusters follow the "
                            + "direction of the autoencoder's code rather than its length. Set false for data whose "
                            + "clusters differ mainly in magnitude.")
            .define(KMEANS_RESTARTS, Type.INT, 10, ConfigDef.Range.between(1, 1000), Importance.LOW,
                    "k-means++ restarts when placing centroids; the best by inertia wins.")
            .define(SEED, Type.LONG, 42L, Importance.LOW, "Seed of every random choice in training.")
            .define(TRAINING_SAMPLE_RATE, Type.DOUBLE, OnlineLearningSettings.DEFAULT.sampleRate(),
                    ConfigDef.Range.between(1e-6, 1.0), Importance.MEDIUM,
                    "Fraction of assigned records copied to the trainer's buffer (chosen by a hash of the id, so "
                            + "a replayed record is sampled the same way).")
            .define(BUFFER_RECORDS, Type.INT, OnlineLearningSettings.DEFAULT.bufferRecords(), ConfigDef.Range.atLeast(2),
                    Importance.MEDIUM, "The trainer's buffer: a sliding window of this many most recent sampled "
                            + "records, kept in a changelog-backed store. Retrains train on it.")
            .define(HALF_LIFE_RECORDS, Type.DOUBLE, OnlineLearningSettings.DEFAULT.halfLifeRecords(),
                    ConfigDef.Range.between(1.0, 1e12), Importance.MEDIUM,
                    "Half-life of the online centroid statistics, in assigned records: a record's pull on its "
                            + "centroid halves after this many further records.")
            .define(CENTROID_UPDATE_INTERVAL_MS, Type.LONG, OnlineLearningSettings.DEFAULT.centroidUpdateInterval().toMillis(),
                    ConfigDef.Range.between(100, 3_600_000), Importance.MEDIUM,
                    "How often moved centroids are published as a new model version.")
            .define(RETRAIN_EVERY_RECORDS, Type.LONG, OnlineLearningSettings.DEFAULT.retrainEveryRecords(),
                    ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "Retrain the encoder after this many assigned records; 0 turns the count trigger off.")
            .define(RETRAIN_INTERVAL_MS, Type.LONG, OnlineLearningSettings.DEFAULT.retrainInterval().toMillis(),
                    ConfigDef.Range.atLeast(0), Importance.MEDIUM,
                    "Retrain the encoder after this long; 0 turns the time trigger off.")
            .define(RETRAIN_EPOCHS, Type.INT, 5, ConfigDef.Range.between(0, 10_000), Importance.LOW,
                    "Epochs a retrain continues the current autoencoder's reconstruction training before the "
                            + "clustering objective runs.")
            .define(RETRAIN_CLUSTER_EPOCHS, Type.INT, 5, ConfigDef.Range.between(0, 10_000), Importance.LOW,
                    "Most epochs of a retrain's clustering objective, which starts from the current centroids and so "
                            + "needs far fewer than the first model's kluster.cluster.epochs. A retrain keeps the "
                            + "current model's k, encoder widths, scaling, method, sphere and alpha unless those keys "
                            + "are set explicitly; an explicit k, widths, scaling or sphere that differs from the "
                            + "model's makes the retrain a full training with them.")
            .define(RETRAIN_CPU_SHARE, Type.DOUBLE, 0.5, ConfigDef.Range.between(0.01, 1.0), Importance.MEDIUM,
                    "Share of the wall time a retrain computes for; the trainer thread sleeps between mini-batches "
                            + "for the rest, so that assignment keeps the cores while it learns. 1.0 trains at full "
                            + "speed. A first model always trains at full speed, since nothing is assigned before it.")
            .define(RETRAIN_ON_DRIFT, Type.BOOLEAN, OnlineLearningSettings.DEFAULT.retrainOnDrift(), Importance.MEDIUM,
                    "Retrain when the mean confidence of recent batches drops out of its usual band.")
            .define(RESEED_MIN_WEIGHT_FRACTION, Type.DOUBLE, OnlineLearningSettings.DEFAULT.reseedMinWeightFraction(),
                    ConfigDef.Range.between(0.0, 0.99), Importance.LOW,
                    "A cluster whose decayed weight falls below this fraction of the average is reseeded by "
                            + "splitting the heaviest cluster.")
            .define(ACTIVITY_WINDOW_RECORDS, Type.INT, ClusterActivity.DEFAULT_WINDOW_RECORDS,
                    ConfigDef.Range.between(10, 1_000_000), Importance.LOW,
                    "Latest assignments of an instance over which kluster.cluster.size, the prequential ACC and NMI "
                            + "(when records carry labels) and the live page's sizes and confidences are measured.")
            .define(PAGE_IMAGE_SHAPE, Type.STRING, ImageShape.AUTO, new ImageShapeValidator(), Importance.LOW,
                    "How the live page draws a cluster's latest records: auto draws vectors whose length is a square "
                            + "number as square grayscale images (784 features as 28x28), WIDTHxHEIGHT draws that "
                            + "shape, none draws no images.");

    /** Parses and validates {@code originals}; unknown keys are kept for Kafka. */
    public KlusterConfig(Map<?, ?> originals) {
        super(DEFINITION, withNumericKAsText(originals), false);
        if (getInt(K_MIN) > getInt(K_MAX)) {
            throw new ConfigException(K_MIN + " (" + getInt(K_MIN) + ") must not exceed " + K_MAX + " ("
                    + getInt(K_MAX) + ")");
        }
    }

    /** kluster.k is a number or auto, so a string; a number given programmatically (a flag, a test) is one too. */
    private static Map<?, ?> withNumericKAsText(Map<?, ?> originals) {
        if (!(originals.get(K) instanceof Number number)) {
            return originals;
        }
        Map<Object, Object> copy = new HashMap<>(originals);
        copy.put(K, number.toString());
        return copy;
    }

    /** Whether Kluster chooses k itself (kluster.k=auto). */
    public boolean autoK() {
        return AUTO_K.equalsIgnoreCase(getString(K).trim());
    }

    /** The selector that chooses k with kluster.k=auto, seeded like the rest of training; null for a fixed k. */
    public StabilityKSelector kSelector() {
        return autoK() ? StabilityKSelector.builder(getInt(K_MIN), getInt(K_MAX)).seed(getLong(SEED)).build() : null;
    }

    /** The definition, for documentation. */
    public static ConfigDef definition() {
        return DEFINITION;
    }

    /**
     * Merges configuration sources, lowest precedence first: a properties file's contents, the
     * {@code KLUSTER_*} environment variables, then command-line overrides.
     */
    public static KlusterConfig resolve(Properties file, Map<String, String> environment, Map<String, Object> flags) {
        Map<String, Object> merged = new HashMap<>();
        file.forEach((k, v) -> merged.put(String.valueOf(k), v));
        merged.putAll(fromEnvironment(environment));
        flags.forEach((k, v) -> {
            if (v != null) {
                merged.put(k, v);
            }
        });
        return new KlusterConfig(merged);
    }

    /** The {@code kluster.*} keys set through environment variables such as {@code KLUSTER_BATCH_SIZE}. */
    static Map<String, String> fromEnvironment(Map<String, String> environment) {
        Map<String, String> out = new HashMap<>();
        for (String key : DEFINITION.names()) {
            String variable = environmentVariable(key);
            if (environment.containsKey(variable)) {
                out.put(key, environment.get(variable));
            }
        }
        return out;
    }

    /** The environment variable that sets {@code key}, e.g. KLUSTER_BATCH_SIZE. */
    public static String environmentVariable(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /** Every key that is not Kluster's own: Kafka Streams and client settings. */
    public Map<String, Object> kafkaProperties() {
        Map<String, Object> out = new HashMap<>();
        originals().forEach((k, v) -> {
            if (!k.startsWith(PREFIX)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The topology settings for records of {@code inputDimension} features (0 for named-field events). */
    public TopologySettings topologySettings(int inputDimension) {
        return topologySettings(inputDimension, null);
    }

    /**
     * The topology settings for records of {@code inputDimension} features (0 for named-field events);
     * events for a given {@code model} are read by its schema, the keys naming only the id and label fields.
     */
    public TopologySettings topologySettings(int inputDimension, ModelBundle model) {
        FieldsSettings fields = fieldsSettings();
        if (model != null && model.schema() != null) {
            fields = model.schema().parserSettings(fields.idField(), fields.labelField());
        }
        return TopologySettings.builder(inputDimension)
                .inputTopic(getString(INPUT_TOPIC))
                .outputTopic(getString(OUTPUT_TOPIC))
                .deadLetterTopic(getString(DEAD_LETTER_TOPIC))
                .modelTopic(getString(MODEL_TOPIC))
                .trainingTopic(getString(TRAINING_TOPIC))
                .clusterEventsTopic(getString(CLUSTER_EVENTS_TOPIC))
                .inputFormat(InputFormat.parse(getString(INPUT_FORMAT)))
                .maxValueBytes(getInt(INPUT_MAX_BYTES))
                .batchSize(getInt(BATCH_SIZE))
                .batchLinger(Duration.ofMillis(getLong(BATCH_LINGER_MS)))
                .commitLatency(Duration.ofMillis(getLong(COMMIT_LATENCY_MS)))
                .emitSoftAssignments(getBoolean(EMIT_Q))
                .coldStartRecords(getInt(COLD_START_RECORDS))
                .waitingMemoryRecords(getInt(WAITING_MEMORY_RECORDS))
                .fields(fields)
                .build();
    }

    /** How named-field events are read. */
    public FieldsSettings fieldsSettings() {
        Set<String> ignored = new java.util.LinkedHashSet<>();
        for (String name : getString(INPUT_IGNORE_FIELDS).split(",")) {
            if (!name.isBlank()) {
                ignored.add(name.trim());
            }
        }
        try {
            return new FieldsSettings(FieldSpec.parseList(getString(INPUT_FIELDS)), getString(INPUT_ID_FIELD).trim(),
                    getString(INPUT_LABEL_FIELD).trim(), ignored);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** Whether the input is named-field events. */
    public boolean namedFields() {
        return InputFormat.parse(getString(INPUT_FORMAT)) == InputFormat.FIELDS;
    }

    /** How the trainer keeps learning while the stream flows. */
    public OnlineLearningSettings onlineLearningSettings() {
        return new OnlineLearningSettings(
                getDouble(TRAINING_SAMPLE_RATE),
                getInt(BUFFER_RECORDS),
                getDouble(HALF_LIFE_RECORDS),
                Duration.ofMillis(getLong(CENTROID_UPDATE_INTERVAL_MS)),
                getLong(RETRAIN_EVERY_RECORDS),
                Duration.ofMillis(getLong(RETRAIN_INTERVAL_MS)),
                getBoolean(RETRAIN_ON_DRIFT),
                Math.max(2, getInt(COLD_START_RECORDS)),
                getDouble(RESEED_MIN_WEIGHT_FRACTION),
                autoK() ? getInt(K_MIN) : 0);
    }

    /** Checks a field list parses. */
    private static final class FieldListValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                FieldSpec.parseList(String.valueOf(value));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "name[:numeric|categorical|boolean|text],...";
        }
    }

    /** A float default as it is written (1.0E-4), not its binary widening to double (9.99999974E-5). */
    private static double asWritten(float value) {
        return Double.parseDouble(Float.toString(value));
    }

    /** The settings that train the first model. */
    public TrainingSettings trainingSettings() {
        // With k=auto the trainer chooses k after pre-training; until then the settings carry the fewest allowed.
        return TrainingSettings.builder(autoK() ? getInt(K_MIN) : Integer.parseInt(getString(K).trim()))
                .encoder(encoderChoice())
                .widths(getString(ENCODER_WIDTHS))
                .scaling(FeatureScaler.Mode.valueOf(getString(SCALING).toUpperCase(Locale.ROOT)))
                .pretrain(new PretrainConfig(getInt(PRETRAIN_EPOCHS), getInt(PRETRAIN_BATCH_SIZE),
                        getDouble(PRETRAIN_LEARNING_RATE).floatValue(), getDouble(PRETRAIN_MASKING_NOISE).floatValue(),
                        getLong(SEED)))
                .kmeansRestarts(getInt(KMEANS_RESTARTS))
                .method(ClusteringMethod.parse(getString(METHOD)))
                .clusterEpochs(getInt(CLUSTER_EPOCHS))
                .clusterLearningRate(getDouble(CLUSTER_LEARNING_RATE).floatValue())
                .updateInterval(getInt(DEC_UPDATE_INTERVAL))
                .tolerance(getDouble(DEC_TOLERANCE))
                .gamma(getDouble(CLUSTER_LOSS_WEIGHT))
                .lambda(getDouble(DCN_LAMBDA))
                .expertSteps(getInt(DAMIC_EXPERT_STEPS))
                .balanceWeight(getDouble(BALANCE_WEIGHT))
                .sphericalEmbedding(getBoolean(SPHERICAL_EMBEDDING))
                .alpha(getDouble(ALPHA))
                .seed(getLong(SEED))
                .build();
    }

    /**
     * The configured encoder; when it is left at auto but a method or encoder widths are set
     * explicitly, deep, since asking for DEC or for 500-500-2000 layers is asking for a deep encoder.
     */
    private EncoderChoice encoderChoice() {
        EncoderChoice configured = EncoderChoice.parse(getString(ENCODER));
        boolean deepAskedFor = originals().containsKey(METHOD) || originals().containsKey(ENCODER_WIDTHS);
        return configured == EncoderChoice.AUTO && !originals().containsKey(ENCODER) && deepAskedFor
                ? EncoderChoice.DEEP : configured;
    }

    /** The keys of the settings a model is, by the names its bundle records them under. */
    private static final Map<String, String> MODEL_SETTING_KEYS = Map.of(K, "k", ENCODER, "encoder", ENCODER_WIDTHS, "widths",
            SCALING, "scaling", METHOD, "method", SPHERICAL_EMBEDDING, "spherical_embedding", ALPHA, "alpha");

    /**
     * How retrains continue the current model. A model setting (k, widths, scaling, method, sphere,
     * alpha) set explicitly, in a file, the environment or a flag, wins over the model's own value;
     * a default never does.
     */
    public RetrainSettings retrainSettings() {
        Set<String> overridden = new TreeSet<>();
        MODEL_SETTING_KEYS.forEach((key, name) -> {
            if (originals().containsKey(key)) {
                overridden.add(name);
            }
        });
        return new RetrainSettings(getInt(RETRAIN_EPOCHS), getInt(RETRAIN_CLUSTER_EPOCHS), getDouble(RETRAIN_CPU_SHARE),
                overridden);
    }

    /**
     * A fresh view of cluster activity over the configured window, for records of {@code dimension}
     * features; it keeps each cluster's latest records only when the page draws them as images.
     */
    public ClusterActivity clusterActivity(int dimension) {
        // The latest records serve only the page's images: without them no stream thread keeps raw vectors.
        int recent = namedFields() || imageShape(dimension) != null ? ClusterActivity.DEFAULT_RECENT_PER_CLUSTER : 0;
        return new ClusterActivity(getInt(ACTIVITY_WINDOW_RECORDS), recent);
    }

    /**
     * The shape the live page draws records of {@code dimension} features with, or null for none.
     *
     * @throws UserException when the configured shape does not fit the dimension
     */
    public ImageShape imageShape(int dimension) {
        if (namedFields()) {
            return null;
        }
        try {
            return ImageShape.resolve(getString(PAGE_IMAGE_SHAPE), dimension);
        } catch (IllegalArgumentException e) {
            throw new UserException(PAGE_IMAGE_SHAPE + ": " + e.getMessage(), e);
        }
    }

    /** The configuration reference as a Markdown table, for the README. */
    public static String markdownTable() {
        StringBuilder out = new StringBuilder("| key | type | default | valid values | description |\n|---|---|---|---|---|\n");
        for (ConfigDef.ConfigKey key : new java.util.TreeMap<>(DEFINITION.configKeys()).values()) {
            out.append("| `").append(key.name).append("` | ").append(key.type.name().toLowerCase(Locale.ROOT))
                    .append(" | ").append(key.hasDefault() ? "`" + ConfigDef.convertToString(key.defaultValue, key.type) + "`" : "")
                    .append(" | ").append(key.validator == null ? "" : key.validator.toString().replace("|", "\\|"))
                    .append(" | ").append(key.documentation.replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }

    /** Accepts auto or a whole number of clusters from 2 to 10,000. */
    private static final class KValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            String text = String.valueOf(value).trim();
            if (AUTO_K.equalsIgnoreCase(text)) {
                return;
            }
            try {
                int k = Integer.parseInt(text);
                if (k >= 2 && k <= 10_000) {
                    return;
                }
            } catch (NumberFormatException e) {
                // reported below, with the same message as a number out of range
            }
            throw new ConfigException(name, value, "must be auto or a whole number from 2 to 10000");
        }

        @Override
        public String toString() {
            return "auto, [2,...,10000]";
        }
    }

    /** Accepts the ids of the clustering methods. */
    private static final class MethodValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            try {
                ClusteringMethod.parse(String.valueOf(value));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return java.util.Arrays.stream(ClusteringMethod.values()).map(ClusteringMethod::id)
                    .collect(java.util.stream.Collectors.joining(", "));
        }
    }

    /** Accepts auto, none or WIDTHxHEIGHT. */
    private static final class ImageShapeValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || !ImageShape.isValidSetting(String.valueOf(value))) {
                throw new ConfigException(name, value, "must be auto, none or WIDTHxHEIGHT such as 28x28");
            }
        }

        @Override
        public String toString() {
            return "auto, none, WIDTHxHEIGHT";
        }
    }

    /** Accepts comma-separated positive layer widths. */
    private static final class WidthsValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (String.valueOf(value).trim().equalsIgnoreCase(EncoderSpec.NO_ENCODER)) {
                throw new ConfigException(name, value, "for no encoder set " + ENCODER + "=none");
            }
            try {
                EncoderSpec.of(1, String.valueOf(value));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, e.getMessage());
            }
        }

        @Override
        public String toString() {
            return "comma-separated positive integers";
        }
    }
}
