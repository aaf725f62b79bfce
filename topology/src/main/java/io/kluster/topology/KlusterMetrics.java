package io.kluster.topology;

import io.kluster.data.RejectReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
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
    /** Centroid updates published. */
    public static final String CENTROID_UPDATES = "kluster.centroid.updates";
    /** Clusters reseeded. */
    public static final String RESEEDS = "kluster.reseeds";
    /** Records in the trainer's buffer. */
    public static final String BUFFER_SIZE = "kluster.buffer.size";
    /** Model bundles rejected from the model topic. */
    public static final String MODELS_REJECTED = "kluster.models.rejected";

    private final Counter recordsIn;
    private final Counter assigned;
    private final Map<RejectReason, Counter> deadLettered = new EnumMap<>(RejectReason.class);
    private final Counter trainingSamplesDropped;
    private final DistributionSummary batchSize;
    private final Timer embedAssign;
    private final Timer retrains;
    private final Counter trainingsStarted;
    private final Counter centroidUpdates;
    private final Counter reseeds;
    private final Counter modelsRejected;
    private final AtomicLong bufferSize = new AtomicLong();
    private final DoubleAdder confidenceSum = new DoubleAdder();
    private final AtomicLong confidenceCount = new AtomicLong();
    private volatile double meanConfidence = Double.NaN;

    /** Registers the meters in {@code registry}; the version gauge reads {@code models}. */
    public KlusterMetrics(MeterRegistry registry, ModelRegistry models) {
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
        centroidUpdates = Counter.builder(CENTROID_UPDATES).description("Centroid updates published").register(registry);
        reseeds = Counter.builder(RESEEDS).description("Empty or starving clusters reseeded").register(registry);
        modelsRejected = Counter.builder(MODELS_REJECTED).description("Invalid models ignored").register(registry);
        Gauge.builder(MODEL_VERSION, models, ModelRegistry::version).description("Model version in use").register(registry);
        Gauge.builder(BUFFER_SIZE, bufferSize, AtomicLong::get).description("Records in the trainer's buffer").register(registry);
        Gauge.builder(MEAN_CONFIDENCE, this, KlusterMetrics::meanConfidence)
                .description("Mean confidence of assignments since the last scrape").register(registry);
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
        embedAssign.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        confidenceSum.add(confidenceTotal);
        confidenceCount.addAndGet(size);
    }

    void trainingStarted() {
        trainingsStarted.increment();
    }

    void trained(long nanos) {
        retrains.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void centroidUpdate(int reseeded) {
        centroidUpdates.increment();
        reseeds.increment(reseeded);
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
