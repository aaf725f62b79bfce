package io.kluster.topology;

import io.kluster.cluster.Assignment;
import io.kluster.cluster.StudentTAssigner;
import io.kluster.data.ClusterAssignment;
import io.kluster.fields.FieldSchema;
import io.kluster.fields.FieldValues;
import io.kluster.model.Embedder;
import io.kluster.model.ModelBundle;
import java.util.Arrays;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Micro-batches valid records and assigns each batch: one encoder forward pass, then Student's t
 * soft assignment to the current centroids, then exactly one output per record.
 *
 * <p>Every waiting record is kept in a changelog-backed store until its assignment is forwarded,
 * because Kafka Streams may commit the input offset before the batch is flushed; the deletion
 * and the output commit together. Only the oldest waiting records are held in memory too
 * ({@link TopologySettings#waitingCap()}); the rest wait on disk, see {@link WaitingRecords}.
 * Before the first model exists, records wait in the same store and go to the trainer, up to
 * that cap (the rest are counted as dropped samples, never as dropped records); afterwards a
 * deterministic sample of them does, and every batch's embeddings go along for the online
 * centroid updates. The model is swapped between batches only; the encoder is reloaded only
 * when a retrain replaced it, not for a centroid update. A named-field event is encoded by the
 * schema of the model that assigns it, so a retrain that changed the schema applies from its batch on.
 * After a batch of live records the task asks for an early commit, see {@link CommitCadence}.
 */
final class AssignmentProcessor implements Processor<String, PendingRecord, Object, Object> {

    /** One batch in this many also runs the decoder, so the reconstruction metric costs a few percent. */
    static final int RECONSTRUCTION_SAMPLE_EVERY = 16;
    /** Longest a punctuation assigns: well inside Kafka Streams' 10 s exactly-once transaction timeout. */
    static final java.time.Duration FLUSH_BUDGET = java.time.Duration.ofSeconds(1);

    private final TopologySettings settings;
    private final OnlineLearningSettings online;
    private final ModelRegistry registry;
    private final KlusterMetrics metrics;

    private ProcessorContext<Object, Object> context;
    private KeyValueStore<Long, PendingRecord> pendingStore;
    private WaitingRecords pending;
    private Embedder embedder;
    private StudentTAssigner assigner;
    private CommitCadence commits;
    private long batches;

    AssignmentProcessor(TopologySettings settings, OnlineLearningSettings online, ModelRegistry registry,
            KlusterMetrics metrics) {
        this.settings = settings;
        this.online = online;
        this.registry = registry;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.pendingStore = context.getStateStore(KlusterTopology.PENDING_STORE);
        // The store survives a crash; the in-memory queue mirrors its head so flushes never scan tombstones.
        this.pending = new WaitingRecords(pendingStore, settings.waitingCap());
        this.commits = new CommitCadence(settings.commitLatency());
        pending.restore();
        if (registry.base() != null) {
            // Opening and first running the encoder takes tens of milliseconds: pay it before records arrive.
            ensureEmbedder(registry.base());
            embedder.embed(new float[][] {new float[registry.base().inputDimension()]}, 1);
        }
        context.schedule(settings.batchLinger(), PunctuationType.WALL_CLOCK_TIME, now -> flushAll());
    }

    @Override
    public void process(Record<String, PendingRecord> record) {
        pending.add(record.value());
        ModelRegistry.Models models = registry.models();
        // Before the first model every waiting record is a sample for it, but only up to the cap: the
        // trainer keeps a bounded window anyway, and the training topic should not copy the whole backlog.
        boolean sample = models.current() == null ? pending.total() <= settings.waitingCap()
                : sampled(record.value().id());
        if (sample) {
            context.forward(new Record<Object, Object>(record.key(), new TrainingMessage.Sample(record.value()),
                    record.timestamp()), KlusterTopology.TRAINING_SINK);
        } else if (models.current() == null) {
            metrics.trainingSampleDropped();
        }
        if (models.current() != null && pending.inMemory() >= settings.batchSize()) {
            flushBatch(models);
        }
    }

    /** A stable choice per id, so a replayed record is sampled exactly when it was before. */
    private boolean sampled(String id) {
        long h = id.hashCode() * 0x9E3779B97F4A7C15L;
        h ^= h >>> 32;
        return (h & 0xFFFFFFL) < online.sampleRate() * 0x1000000L;
    }

    /**
     * Assigns waiting records batch by batch for at most {@link #FLUSH_BUDGET}; the next punctuation
     * goes on. A backlog that waited for the first model can take minutes to assign, and all of it in
     * one punctuation would be one transaction: past the transaction timeout the producer is fenced,
     * the work is thrown away and redone, and a backlog that never fits is never assigned.
     */
    private void flushAll() {
        ModelRegistry.Models models = registry.models();
        long deadline = System.nanoTime() + FLUSH_BUDGET.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline && flushBatch(models)) {
            // keep flushing batches until the queue is empty or the budget is spent
        }
    }

    /** Assigns up to one batch; false when there is no model yet. */
    private boolean flushBatch(ModelRegistry.Models models) {
        ModelBundle model = models.current();
        if (model == null || pending.isEmpty()) {
            return false;
        }
        pending.refill();
        long start = System.nanoTime();
        ensureEmbedder(models.base());
        int n = Math.min(settings.batchSize(), pending.inMemory());
        float[][] rows = new float[n][];
        String[] labels = new String[n];
        FieldValues[] events = settings.namedFields() ? new FieldValues[n] : null;
        FieldSchema schema = models.base().schema();
        int i = 0;
        for (KeyValue<Long, PendingRecord> entry : pending) {
            if (i == n) {
                break;
            }
            labels[i] = entry.value.label();
            if (events != null) {
                events[i] = entry.value.fields();
                rows[i++] = schema.encode(entry.value.fields());
            } else {
                rows[i++] = entry.value.features();
            }
        }
        float[] embeddings = embedder.embed(rows, n);
        int e = model.encoder().embeddingDimension();
        int[] ids = model.clusterIds();
        int width = Arrays.stream(ids).max().orElse(0) + 1;
        float[] z = new float[e];
        int[] chosen = new int[n];
        int[] published = new int[n];
        float[] confidences = new float[n];
        long now = context.currentSystemTimeMs();
        double confidenceTotal = 0;
        long newestTimestamp = Long.MIN_VALUE;
        for (int r = 0; r < n; r++) {
            KeyValue<Long, PendingRecord> entry = pending.pollFirst();
            System.arraycopy(embeddings, r * e, z, 0, e);
            Assignment a = assigner.assign(z, model.centroids());
            chosen[r] = a.cluster();
            published[r] = ids[a.cluster()];
            confidences[r] = a.confidence();
            confidenceTotal += a.confidence();
            float[] publicQ = null;
            if (settings.emitSoftAssignments()) {
                publicQ = new float[width];
                float[] q = a.q();
                for (int j = 0; j < q.length; j++) {
                    publicQ[ids[j]] = q[j];
                }
            }
            PendingRecord value = entry.value;
            ClusterAssignment assignment = new ClusterAssignment(value.id(), ids[a.cluster()], a.confidence(), publicQ,
                    model.version(), a.distance());
            context.forward(new Record<Object, Object>(value.id(), assignment, value.timestamp()),
                    KlusterTopology.OUTPUT_SINK);
            pendingStore.delete(entry.key);
            metrics.endToEnd(now - value.timestamp());
            newestTimestamp = Math.max(newestTimestamp, value.timestamp());
        }
        context.forward(new Record<Object, Object>(context.taskId().toString(), new TrainingMessage.BatchStatistics(
                models.base().version(), model.version(), chosen, embeddings, confidences), context.currentSystemTimeMs()),
                KlusterTopology.TRAINING_SINK);
        metrics.batch(n, System.nanoTime() - start, confidenceTotal);
        metrics.activity(new AssignedBatch(model.version(), ids, model.centroids(), n, published, confidences, rows, labels,
                events, events == null ? null : schema, embeddings));
        if (batches++ % RECONSTRUCTION_SAMPLE_EVERY == 0 && embedder.canReconstruct()) {
            metrics.reconstructionError(embedder.reconstructionError(rows, n, embeddings));
        }
        if (commits.afterBatch(now, newestTimestamp)) {
            context.commit();
        }
        return true;
    }

    private void ensureEmbedder(ModelBundle base) {
        if (embedder != null && embedder.bundle().version() == base.version()) {
            return;
        }
        if (embedder != null) {
            embedder.close();
        }
        embedder = Embedder.open(base);
        assigner = new StudentTAssigner(base.alpha());
    }

    @Override
    public void close() {
        if (embedder != null) {
            embedder.close();
            embedder = null;
        }
    }
}
