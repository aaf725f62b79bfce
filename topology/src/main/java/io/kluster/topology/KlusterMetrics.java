package io.kluster.topology;

import io.kluster.data.RejectReason;
import io.kluster.cluster.ClusterEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/** Kluster's own meters, registered once per instance and shared by its processors. */
public final class KlusterMetrics {

    /** Valid and invalid records read from the input topic. */
    public static final String RECORDS_IN = "kluster.records.in";
    /** Records assigned to a cluster. */
    public static final String RECORDS_ASSIGNED = "kluster.records.assigned";
    /** Records sent to the dead-letter topic, tagged by reason. */
    public static final String RECORDS_DEAD_LETTERED = "kluster.records.dead.lettered";
    /** Waiting records not sent to the trainer as samples for the first model, beyond the waiting cap. */
    public static final String TRAINING_SAMPLES_DROPPED = "kluster.training.samples.dropped";
    /** The model version assigning records. */
    public static final String MODEL_VERSION = "kluster.model.version";
    /** Records per encoder call. */
    public static final String BATCH_SIZE = "kluster.batch.size";
    /** Encoder forward plus Student's t, per batch. */
    public static final String EMBED_ASSIGN_LATENCY = "kluster.embed.assign.latency";
    /** Mean confidence of recent assignments. */
    public static final String MEAN_CONFIDENCE = "kluster.mean.confidence";
    /** Training runs completed (the first model and retrains). */
    public static final String RETRAINS = "kluster.retrains";
    /** Training runs started (the first model and retrains). */
    public static final String TRAININGS_STARTED = "kluster.trainings.started";
    /** Training runs that failed, or that produced a model no instance could load; each backs the next attempt off. */
    public static final String TRAININGS_FAILED = "kluster.trainings.failed";
    /** Centroid updates published. */
    public static final String CENTROID_UPDATES = "kluster.centroid.updates";
    /** Changes to the set of clusters published, tagged by event: created, split, merged, retired. */
    public static final String CLUSTER_EVENTS = "kluster.cluster.events";
    /** Clusters reseeded. */
    public static final String RESEEDS = "kluster.reseeds";
    /** Records in the trainer's buffer. */
    public static final String BUFFER_SIZE = "kluster.buffer.size";
    /** Model bundles rejected from the model topic. */
    public static final String MODELS_REJECTED = "kluster.models.rejected";
    /** Assignments per cluster in the activity window, tagged by cluster id. */
    public static final String CLUSTER_SIZE = "kluster.cluster.size";
    /** From the input record's timestamp to its assignment being forwarded. */
    public static final String END_TO_END_LATENCY = "kluster.end.to.end.latency";
    /** Mean squared reconstruction error per feature of sampled batches (scaled input space). */
    public static final String RECONSTRUCTION_ERROR = "kluster.reconstruction.error";
    /** Prequential ACC over the activity window's labelled records. */
    public static final String PREQUENTIAL_ACCURACY = "kluster.prequential.accuracy";
    /** Prequential NMI over the activity window's labelled records. */
    public static final String PREQUENTIAL_NMI = "kluster.prequential.nmi";

    private final Counter recordsIn;
    private final Counter assigned;
    private final Map<RejectReason, Counter> deadLettered = new EnumMap<>(RejectReason.class);
    private final Counter trainingSamplesDropped;
    private final DistributionSummary batchSize;
    private final Timer embedAssign;
    private final Timer retrains;
    private final Counter trainingsStarted;
    private final Counter trainingsFailed;
    private final Counter centroidUpdates;
    private final Counter reseeds;
    private final Map<ClusterEvent.Kind, Counter> clusterEvents = new EnumMap<>(ClusterEvent.Kind.class);
    private final Counter modelsRejected;
    private final Timer endToEnd;
    private final DistributionSummary reconstructionError;
    private final MeterRegistry registry;
    private final ClusterActivity activity;
    private final Set<Integer> clusterGauges = ConcurrentHashMap.newKeySet();
    private final AtomicLong bufferSize = new AtomicLong();
    private final DoubleAdder confidenceSum = new DoubleAdder();
    private final AtomicLong confidenceCount = new AtomicLong();
    private volatile double meanConfidence = Double.NaN;

    /** Registers the meters in {@code registry} with a default activity window; the version gauge reads {@code models}. */
    public KlusterMetrics(MeterRegistry registry, ModelRegistry models) {
        this(registry, models, ClusterActivity.withDefaults());
    }

    /**
     * Registers the meters in {@code registry}; the version gauge reads {@code models}, and the
     * per-cluster and prequential gauges read {@code activity}.
     */
    public KlusterMetrics(MeterRegistry registry, ModelRegistry models, ClusterActivity activity) {
        this.registry = registry;
        this.activity = activity;
        recordsIn = Counter.builder(RECORDS_IN).description("Records read from the input topic").register(registry);
        assigned = Counter.builder(RECORDS_ASSIGNED).description("Records assigned to a cluster").register(registry);
        for (RejectReason reason : RejectReason.values()) {
            deadLettered.put(reason, Counter.builder(RECORDS_DEAD_LETTERED).tag("reason", reason.code())
                    .description("Records sent to the dead-letter topic").register(registry));
        }
        trainingSamplesDropped = Counter.builder(TRAINING_SAMPLES_DROPPED)
                .description("Waiting records not sent as samples for the first model (the record still waits)")
                .register(registry);
        batchSize = DistributionSummary.builder(BATCH_SIZE).description("Records per encoder call")
                .publishPercentiles(0.5, 0.99).register(registry);
        embedAssign = Timer.builder(EMBED_ASSIGN_LATENCY).description("Encoder forward pass and soft assignment per batch")
                .publishPercentiles(0.5, 0.99).register(registry);
        retrains = Timer.builder(RETRAINS).description("Training runs completed and their duration").register(registry);
        trainingsStarted = Counter.builder(TRAININGS_STARTED).description("Training runs started").register(registry);
        trainingsFailed = Counter.builder(TRAININGS_FAILED)
                .description("Training runs that failed or produced a model that does not load; each backs off the next")
                .register(registry);
        centroidUpdates = Counter.builder(CENTROID_UPDATES).description("Centroid updates published").register(registry);
        reseeds = Counter.builder(RESEEDS).description("Empty or starving clusters reseeded").register(registry);
        for (ClusterEvent.Kind kind : ClusterEvent.Kind.values()) {
            clusterEvents.put(kind, Counter.builder(CLUSTER_EVENTS).tag("event", kind.id())
                    .description("Changes to the set of clusters published on the cluster events topic").register(registry));
        }
        modelsRejected = Counter.builder(MODELS_REJECTED).description("Invalid models ignored").register(registry);
        Gauge.builder(MODEL_VERSION, models, ModelRegistry::version).description("Model version in use").register(registry);
        Gauge.builder(BUFFER_SIZE, bufferSize, AtomicLong::get).description("Records in the trainer's buffer").register(registry);
        Gauge.builder(MEAN_CONFIDENCE, this, KlusterMetrics::meanConfidence)
                .description("Mean confidence of assignments since the last scrape").register(registry);
        endToEnd = Timer.builder(END_TO_END_LATENCY).description("Input record timestamp to assignment forwarded")
                .publishPercentiles(0.5, 0.99).register(registry);
        reconstructionError = DistributionSummary.builder(RECONSTRUCTION_ERROR)
                .description("Mean squared reconstruction error per feature of sampled batches").register(registry);
        Gauge.builder(PREQUENTIAL_ACCURACY, activity, ClusterActivity::accuracy)
                .description("Prequential ACC over the activity window's labelled records").register(registry);
        Gauge.builder(PREQUENTIAL_NMI, activity, ClusterActivity::nmi)
                .description("Prequential NMI over the activity window's labelled records").register(registry);
    }

    /** What the clusters of this instance have been doing lately. */
    public ClusterActivity activity() {
        return activity;
    }

    /** Meters in a registry of their own, for tests and embedded use. */
    public static KlusterMetrics standalone(ModelRegistry models) {
        return new KlusterMetrics(new SimpleMeterRegistry(), models);
    }

    void recordIn() {
        recordsIn.increment();
    }

    void deadLettered(RejectReason reason) {
        deadLettered.get(reason).increment();
    }

    void trainingSampleDropped() {
        trainingSamplesDropped.increment();
    }

    /** Samples for the first model left out so far. */
    public double trainingSamplesDroppedCount() {
        return trainingSamplesDropped.count();
    }

    void batch(int size, long nanos, double confidenceTotal) {
        assigned.increment(size);
        batchSize.record(size);
        embedAssign.record(nanos, TimeUnit.NANOSECONDS);
        confidenceSum.add(confidenceTotal);
        confidenceCount.addAndGet(size);
    }

    /** Feeds one assigned batch to the activity view; a cluster id seen for the first time gets its size gauge. */
    void activity(AssignedBatch batch) {
        activity.recordBatch(batch);
        int[] clusterIds = batch.clusterIds();
        for (int id : clusterIds) {
            if (clusterGauges.add(id)) {
                Gauge.builder(CLUSTER_SIZE, activity, a -> a.windowSize(id)).tag("cluster", Integer.toString(id))
                        .description("Assignments to the cluster in the activity window").register(registry);
            }
        }
    }

    void endToEnd(long millis) {
        endToEnd.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    void reconstructionError(double meanSquaredError) {
        if (Double.isFinite(meanSquaredError)) {
            reconstructionError.record(meanSquaredError);
        }
    }

    void trainingStarted() {
        trainingsStarted.increment();
    }

    void trainingFailed() {
        trainingsFailed.increment();
    }

    void trained(long nanos) {
        retrains.record(nanos, TimeUnit.NANOSECONDS);
    }

    void centroidUpdate(int reseeded) {
        centroidUpdates.increment();
        reseeds.increment(reseeded);
    }

    void clusterEvent(ClusterEvent.Kind kind) {
        clusterEvents.get(kind).increment();
    }

    void modelRejected() {
        modelsRejected.increment();
    }

    void bufferSize(long size) {
        bufferSize.set(size);
    }

    /** Training runs completed so far. */
    public long retrainCount() {
        return retrains.count();
    }

    /** Training runs started so far. */
    public long trainingsStartedCount() {
        return (long) trainingsStarted.count();
    }

    /** Clusters reseeded so far. */
    public double reseedCount() {
        return reseeds.count();
    }

    /** Centroid updates published so far. */
    public double centroidUpdateCount() {
        return centroidUpdates.count();
    }

    private double meanConfidence() {
        long n = confidenceCount.getAndSet(0);
        double sum = confidenceSum.sumThenReset();
        if (n > 0) {
            meanConfidence = sum / n;
        }
        return meanConfidence;
    }
}
