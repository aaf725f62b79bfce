package io.kluster.topology;

import io.kluster.cluster.ClusterEvent;
import io.kluster.cluster.ClusterReseeder;
import io.kluster.cluster.ConfidenceDriftDetector;
import io.kluster.cluster.DecayedClusterStatistics;
import io.kluster.fields.FieldSchema;
import io.kluster.fields.FieldValues;
import io.kluster.model.ModelBundle;
import io.kluster.model.ModelBundleCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer: the one task that owns the single training partition.
 *
 * <ul>
 *   <li>It keeps the sampled records in a changelog-backed sliding window (the buffer).
 *   <li>It folds every assigned batch's embeddings into decayed per-cluster statistics and, every
 *       few seconds, publishes the moved centroids as a new model version, after reseeding empty
 *       or starving clusters; when k is chosen rather than fixed, a starving cluster is retired
 *       instead, in a model of its own, and the retirement goes out on the cluster events topic.
 *   <li>It trains the first model once the buffer holds enough records, and retrains, warm-started
 *       from the current model, every so many records, after a while, or when the mean
 *       confidence drops out of its usual band; training runs on a background thread and the
 *       result is published from here.
 * </ul>
 *
 * <p>Kafka Streams elects the owner and moves the task, buffer and statistics included, when its
 * instance dies. A training run lost with its instance is started again by the new owner.
 */
final class TrainerProcessor implements Processor<String, TrainingMessage, String, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerProcessor.class);
    private static final java.time.Duration CHECK_INTERVAL = java.time.Duration.ofMillis(200);
    private static final String STATE_KEY = "trainer";
    /** Weight each centroid starts with after a training run, in records. */
    private static final double INITIAL_WEIGHT = 100;
    /** Standard deviation of the noise a reseeded centroid gets, relative to the centroids' spread. */
    private static final double RESEED_NOISE = 0.05;

    private final TopologySettings settings;
    private final OnlineLearningSettings online;
    private final ModelRegistry registry;
    private final ModelTrainingService training;
    private final KlusterMetrics metrics;
    private final ClusterReseeder reseeder;
    /** Confidence is judged over windows of this many records, whatever the batch sizes. */
    private static final int DRIFT_WINDOW_RECORDS = 256;
    /** Wait after a first failed training run; every further consecutive failure doubles it. */
    static final java.time.Duration FIRST_BACKOFF = java.time.Duration.ofSeconds(5);
    /** Longest wait between two attempts, however many failed. */
    static final java.time.Duration MAX_BACKOFF = java.time.Duration.ofMinutes(10);

    private final ConfidenceDriftDetector drift = ConfidenceDriftDetector.forWindowMeans();
    private double windowConfidence;
    private int windowRecords;

    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<Long, PendingRecord> buffer;
    private KeyValueStore<String, byte[]> stateStore;
    private long oldestSequence;
    private long nextSequence;

    private DecayedClusterStatistics statistics;
    private long statisticsBase;
    private long recordsSinceRetrain;
    private long lastTrainedMillis;
    private long publishedVersion;
    private boolean statisticsMoved;
    private boolean driftSeen;
    private long driftSequence;

    private CompletableFuture<ModelBundle> inFlight;
    private long inFlightStartNanos;
    /** Training runs that failed in a row; reset by a published model. Not kept: a new owner tries at once. */
    private int consecutiveFailures;
    private long nextAttemptMillis;

    TrainerProcessor(TopologySettings settings, OnlineLearningSettings online, ModelRegistry registry,
            ModelTrainingService training, KlusterMetrics metrics) {
        this.settings = settings;
        this.online = online;
        this.registry = registry;
        this.training = training;
        this.metrics = metrics;
        this.reseeder = new ClusterReseeder(online.reseedMinWeightFraction(), RESEED_NOISE, 17L);
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.buffer = context.getStateStore(KlusterTopology.TRAINING_BUFFER_STORE);
        this.stateStore = context.getStateStore(KlusterTopology.TRAINER_STATE_STORE);
        oldestSequence = -1;
        try (KeyValueIterator<Long, PendingRecord> all = buffer.all()) {
            while (all.hasNext()) {
                long key = all.next().key;
                if (oldestSequence < 0) {
                    oldestSequence = key;
                }
                nextSequence = key + 1;
            }
        }
        if (oldestSequence < 0) {
            oldestSequence = nextSequence;
        }
        byte[] saved = stateStore.get(STATE_KEY);
        TrainerState state = saved == null ? TrainerState.EMPTY : TrainerState.fromBytes(saved);
        statistics = state.statistics() == null ? null : DecayedClusterStatistics.restore(state.statistics());
        statisticsBase = state.statisticsBase();
        recordsSinceRetrain = state.recordsSinceRetrain();
        lastTrainedMillis = state.lastTrainedMillis() == 0 ? context.currentSystemTimeMs() : state.lastTrainedMillis();
        publishedVersion = state.publishedVersion();
        drift.restore(state.drift());
        windowConfidence = state.windowConfidence();
        windowRecords = state.windowRecords();
        driftSeen = state.driftSeen();
        driftSequence = state.driftSequence();
        metrics.bufferSize(size());
        context.schedule(CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::checkTraining);
        context.schedule(online.centroidUpdateInterval(), PunctuationType.WALL_CLOCK_TIME, now -> publishCentroids());
    }

    @Override
    public void process(Record<String, TrainingMessage> record) {
        if (record.value() instanceof TrainingMessage.Sample sample) {
            append(sample.record());
        } else if (record.value() instanceof TrainingMessage.BatchStatistics batch) {
            observe(batch);
            // The store is cached, so this costs a map entry per message and one write per commit, and the
            // offsets this commit covers and the state it stores always agree.
            saveState();
        }
    }

    private long size() {
        return nextSequence - oldestSequence;
    }

    private int capacity() {
        return Math.max(online.bufferRecords(), settings.coldStartRecords());
    }

    private void append(PendingRecord record) {
        buffer.put(nextSequence++, record);
        int capacity = capacity();
        while (size() > capacity) {
            buffer.delete(oldestSequence++);
        }
        metrics.bufferSize(size());
    }

    private void observe(TrainingMessage.BatchStatistics batch) {
        recordsSinceRetrain += batch.size();
        ensureStatistics();
        if (statistics == null || batch.baseVersion() != statisticsBase || batch.dimension() != statistics.means()[0].length) {
            return;
        }
        int d = batch.dimension();
        for (int i = 0; i < batch.size(); i++) {
            float[] z = new float[d];
            System.arraycopy(batch.embeddings(), i * d, z, 0, d);
            statistics.observe(batch.centroids()[i], z);
        }
        statisticsMoved = true;
        windowConfidence += batch.meanConfidence() * batch.size();
        windowRecords += batch.size();
        if (windowRecords < DRIFT_WINDOW_RECORDS) {
            return;
        }
        double windowMean = windowConfidence / windowRecords;
        windowConfidence = 0;
        windowRecords = 0;
        if (online.retrainOnDrift() && drift.observe(windowMean) && !driftSeen) {
            LOG.info("Mean confidence dropped from {} to {}: retraining once half the buffer holds newer records",
                    String.format("%.3f", drift.usualLevel()), String.format("%.3f", drift.recentLevel()));
            driftSeen = true;
            driftSequence = nextSequence;
        }
    }

    /** Starts the statistics of a model this trainer has not tracked yet (the first one, or after a failover). */
    private void ensureStatistics() {
        ModelRegistry.Models models = registry.models();
        if (models.base() != null && models.base().version() > statisticsBase) {
            statistics = new DecayedClusterStatistics(models.current().centroids(), INITIAL_WEIGHT, online.halfLifeRecords());
            statisticsBase = models.base().version();
            drift.reset();
        }
    }

    private void publishCentroids() {
        ensureStatistics();
        ModelRegistry.Models models = registry.models();
        if (!statisticsMoved || statistics == null || models.base() == null || models.base().version() != statisticsBase) {
            return;
        }
        // Not while a retrain runs: it started from the current clusters and matches its ids to them, so a
        // retirement meanwhile would be told twice, and the retrain decides which clusters stay anyway.
        if (online.retiresStarving() && inFlight == null && retireStarving(models.current())) {
            return;
        }
        int reseeded = reseeder.reseed(statistics).size();
        long version = nextVersion();
        CentroidUpdate update = new CentroidUpdate(version, statisticsBase, statistics.means(), models.current().clusterIds());
        context.forward(new Record<>(KlusterTopology.CENTROIDS_KEY, update.toBytes(), context.currentSystemTimeMs()),
                KlusterTopology.MODEL_SINK);
        publishedVersion = version;
        statisticsMoved = false;
        metrics.centroidUpdate(reseeded);
        if (reseeded > 0) {
            LOG.info("Reseeded {} starving cluster(s) in centroid update v{}", reseeded, version);
        }
        saveState();
    }

    /**
     * Retires the starving clusters of {@code current}, lowest weight first, while more than the
     * fewest allowed remain: the remaining centroids at their moved means, with their ids, go out as
     * a model of its own. Returns whether it published one.
     */
    private boolean retireStarving(ModelBundle current) {
        List<Integer> starving = reseeder.starving(statistics);
        int retiring = Math.min(starving.size(), current.k() - online.retireDownToK());
        if (retiring <= 0) {
            return false;
        }
        Set<Integer> gone = Set.copyOf(starving.subList(0, retiring));
        float[][] means = statistics.means();
        double[] weights = statistics.weights();
        int[] ids = current.clusterIds();
        long version = nextVersion();
        List<float[]> keptCentroids = new ArrayList<>();
        List<Integer> keptIds = new ArrayList<>();
        List<ClusterEvent> events = new ArrayList<>();
        for (int j = 0; j < current.k(); j++) {
            if (gone.contains(j)) {
                events.add(new ClusterEvent(version, ClusterEvent.Kind.RETIRED, new int[] {ids[j]},
                        new long[] {Math.round(weights[j])}));
            } else {
                keptCentroids.add(means[j]);
                keptIds.add(ids[j]);
            }
        }
        ModelBundle retired = current.withCentroids(version, keptCentroids.toArray(new float[0][]),
                keptIds.stream().mapToInt(Integer::intValue).toArray(),
                current.lineage().then(events, current.lineage().nextId()));
        if (!publishBundle(retired, context.currentSystemTimeMs())) {
            return false;
        }
        LOG.info("Retired starving cluster(s) {} in model v{}; {} clusters remain", events, version, retired.k());
        saveState();
        return true;
    }

    /**
     * Publishes {@code published} on the model topic, with the cluster events of its version, and
     * restarts the statistics from its centroids. Returns false, publishing nothing, for a model that
     * no instance would load.
     */
    private boolean publishBundle(ModelBundle published, long now) {
        byte[] bytes = ModelBundleCodec.toBytes(published);
        // Every instance would reject a model that does not load (diverged to non-finite weights, or of
        // another input dimension); publishing it would still burn a version.
        if (ModelStoreUpdater.validate(bytes, settings.inputDimension()) == null) {
            return false;
        }
        long version = published.version();
        context.forward(new Record<>(KlusterTopology.BUNDLE_KEY, bytes, now), KlusterTopology.MODEL_SINK);
        // In the same transaction as the model: a consumer of the events sees a change once it is published.
        for (ClusterEvent event : published.lineage().eventsOf(version)) {
            context.forward(new Record<>(String.valueOf(version), ClusterEventSerde.encode(event), now),
                    KlusterTopology.CLUSTER_EVENTS_SINK);
            metrics.clusterEvent(event.kind());
        }
        publishedVersion = version;
        statistics = new DecayedClusterStatistics(published.centroids(), INITIAL_WEIGHT, online.halfLifeRecords());
        statisticsBase = version;
        statisticsMoved = false;
        return true;
    }

    private long nextVersion() {
        return Math.max(registry.version(), publishedVersion) + 1;
    }

    private void checkTraining(long now) {
        if (inFlight != null) {
            if (inFlight.isDone()) {
                publishTrained(now);
            }
            return;
        }
        if (now < nextAttemptMillis) {
            return;
        }
        ModelBundle current = registry.current();
        if (current == null && publishedVersion == 0) {
            if (size() >= settings.coldStartRecords()) {
                LOG.info("Training the first model on {} buffered records", size());
                startFirstTraining(now);
            }
        } else if (current != null && registry.version() >= publishedVersion && size() >= online.minRetrainRecords()
                && retrainDue(now)) {
            // A retrain starts from the newest model this trainer published, once the registry has it: from an
            // older one it would match ids against clusters that a retirement meanwhile already removed.
            LOG.info("Retraining model v{} on {} buffered records ({} records since the last training{})",
                    current.version(), size(), recordsSinceRetrain, driftSeen ? ", confidence drift" : "");
            start(training.retrain(rows(current.schema()), current));
        }
    }

    /**
     * Starts the first model's training; for named-field events its schema is fitted first, on the
     * same records, and a buffer from which no schema can be fitted is a failed run.
     */
    private void startFirstTraining(long now) {
        if (!settings.namedFields()) {
            start(training.train(rows(null), null, 1));
            return;
        }
        FieldSchema schema;
        try {
            schema = FieldSchema.fit(events(), settings.fields());
        } catch (IllegalArgumentException e) {
            failed(now, e.getMessage());
            return;
        }
        LOG.info("Fitted the field schema: {} encoded as {} features{}", schema.names(), schema.width(),
                schema.skipped().isEmpty() ? "" : "; not features: " + schema.skipped());
        start(training.train(rows(schema), schema, 1));
    }

    private boolean retrainDue(long now) {
        boolean byCount = online.retrainEveryRecords() > 0 && recordsSinceRetrain >= online.retrainEveryRecords();
        boolean byTime = !online.retrainInterval().isZero() && now - lastTrainedMillis >= online.retrainInterval().toMillis();
        // Retraining on a window still full of the old distribution would learn the old clusters again.
        boolean byDrift = driftSeen && nextSequence - driftSequence >= capacity() / 2;
        return byCount || byTime || byDrift;
    }

    private void start(CompletableFuture<ModelBundle> run) {
        metrics.trainingStarted();
        inFlight = run;
        inFlightStartNanos = System.nanoTime();
    }

    private void publishTrained(long now) {
        try {
            ModelBundle bundle = inFlight.get();
            long version = Math.max(nextVersion(), bundle.version());
            ModelBundle published = bundle.version() == version ? bundle : bundle.withVersion(version);
            if (!publishBundle(published, now)) {
                failed(now, "it produced model v" + version + ", which does not load");
                return;
            }
            drift.reset();
            driftSeen = false;
            recordsSinceRetrain = 0;
            lastTrainedMillis = now;
            consecutiveFailures = 0;
            nextAttemptMillis = 0;
            metrics.trained(System.nanoTime() - inFlightStartNanos);
            saveState();
            LOG.info("Published model v{} ({}) to {}", version, published.method(), settings.modelTopic());
        } catch (ExecutionException e) {
            failed(now, e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight = null;
        }
    }

    /**
     * Backs off after a failed run: the next attempt waits {@link #FIRST_BACKOFF}, doubled for every
     * further failure in a row up to {@link #MAX_BACKOFF}. A cause that persists (a model that cannot
     * be retrained, a full disk) so costs a few attempts and log lines an hour, not five a second.
     */
    private void failed(long now, String reason) {
        consecutiveFailures++;
        long backoff = FIRST_BACKOFF.toMillis() << Math.min(consecutiveFailures - 1, 20);
        backoff = Math.min(backoff, MAX_BACKOFF.toMillis());
        nextAttemptMillis = now + backoff;
        metrics.trainingFailed();
        LOG.warn("Training failed ({} in a row): {}; next attempt in {} s", consecutiveFailures, reason, backoff / 1000);
    }

    private void saveState() {
        TrainerState state = new TrainerState(statistics == null ? null : statistics.snapshot(), statisticsBase,
                recordsSinceRetrain, lastTrainedMillis, publishedVersion, drift.state(), windowConfidence, windowRecords,
                driftSeen, driftSequence);
        stateStore.put(STATE_KEY, state.toBytes());
    }

    /**
     * The buffered records ordered by record id: the partitions interleave their samples differently
     * on every run, and training shuffles from a seed, so a fixed order makes the same records train
     * the same model. Only records of the input's kind count (vectors of its dimension, or events).
     */
    private List<PendingRecord> buffered() {
        List<PendingRecord> records = new ArrayList<>((int) Math.min(size(), Integer.MAX_VALUE));
        try (KeyValueIterator<Long, PendingRecord> all = buffer.range(oldestSequence, nextSequence)) {
            while (all.hasNext()) {
                PendingRecord record = all.next().value;
                if (settings.namedFields() ? record.fields() != null
                        : record.features().length == settings.inputDimension()) {
                    records.add(record);
                }
            }
        }
        records.sort(java.util.Comparator.comparing(PendingRecord::id));
        return records;
    }

    /** The buffered events' fields, in {@link #buffered()} order. */
    private List<FieldValues> events() {
        return buffered().stream().map(PendingRecord::fields).toList();
    }

    /** The buffered records' features, encoded by {@code schema} for events, in {@link #buffered()} order. */
    private float[][] rows(FieldSchema schema) {
        List<PendingRecord> records = buffered();
        float[][] rows = new float[records.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = schema == null ? records.get(i).features() : schema.encode(records.get(i).fields());
        }
        return rows;
    }

    @Override
    public void close() {
        if (inFlight != null) {
            // The task moves or stops: whoever owns it next retrains from the restored state, so this run's
            // result would have nowhere to go. Said at INFO, since the retrain it drops is otherwise silent.
            LOG.info("Trainer task closing with a training in flight for {} s; it is cancelled and the next owner "
                    + "of the task retrains", String.format("%.1f", (System.nanoTime() - inFlightStartNanos) / 1e9));
            inFlight.cancel(true);
        }
    }
}
