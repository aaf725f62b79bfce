package io.kluster.topology;

import io.kluster.cluster.Assignment;
import io.kluster.cluster.StudentTAssigner;
import io.kluster.data.ClusterAssignment;
import io.kluster.model.Embedder;
import io.kluster.model.ModelBundle;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Micro-batches valid records and assigns each batch: one encoder forward pass, then Student's t
 * soft assignment to the current centroids, then exactly one output per record.
 *
 * <p>Every waiting record is kept in a changelog-backed store until its assignment is forwarded,
 * because Kafka Streams may commit the input offset before the batch is flushed; the deletion
 * and the output commit together. Before the first model exists, records wait in the same store
 * and are copied to the training topic, and they are assigned in arrival order once the model
 * arrives. The model is swapped between batches only.
 */
final class AssignmentProcessor implements Processor<String, PendingRecord, Object, Object> {

    private final TopologySettings settings;
    private final ModelRegistry registry;

    private ProcessorContext<Object, Object> context;
    private KeyValueStore<Long, PendingRecord> pendingStore;
    private ReadOnlyKeyValueStore<String, byte[]> modelStore;
    private final ArrayDeque<KeyValue<Long, PendingRecord>> pending = new ArrayDeque<>();
    private long nextSequence;
    private Embedder embedder;
    private StudentTAssigner assigner;

    AssignmentProcessor(TopologySettings settings, ModelRegistry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.pendingStore = context.getStateStore(KlusterTopology.PENDING_STORE);
        this.modelStore = context.getStateStore(KlusterTopology.MODEL_STORE);
        // The store survives a crash; the in-memory queue mirrors it so flushes never scan tombstones.
        try (KeyValueIterator<Long, PendingRecord> all = pendingStore.all()) {
            while (all.hasNext()) {
                KeyValue<Long, PendingRecord> entry = all.next();
                pending.addLast(entry);
                nextSequence = entry.key + 1;
            }
        }
        Duration linger = settings.batchLinger();
        context.schedule(linger, PunctuationType.WALL_CLOCK_TIME, now -> flushAll());
    }

    @Override
    public void process(Record<String, PendingRecord> record) {
        KeyValue<Long, PendingRecord> entry = KeyValue.pair(nextSequence++, record.value());
        pendingStore.put(entry.key, entry.value);
        pending.addLast(entry);
        if (currentModel() == null) {
            context.forward(record.withKey((Object) record.key()).withValue(record.value()), KlusterTopology.TRAINING_SINK);
        } else if (pending.size() >= settings.batchSize()) {
            flushBatch();
        }
    }

    private void flushAll() {
        while (!pending.isEmpty() && flushBatch()) {
            // keep flushing full batches until the queue is empty
        }
    }

    /** Assigns up to one batch; false when there is no model yet. */
    private boolean flushBatch() {
        ModelBundle model = currentModel();
        if (model == null || pending.isEmpty()) {
            return false;
        }
        ensureEmbedder(model);
        int n = Math.min(settings.batchSize(), pending.size());
        float[][] rows = new float[n][];
        int i = 0;
        for (KeyValue<Long, PendingRecord> entry : pending) {
            if (i == n) {
                break;
            }
            rows[i++] = entry.value.features();
        }
        float[] embeddings = embedder.embed(rows, n);
        int e = model.encoder().embeddingDimension();
        int[] ids = model.clusterIds();
        int width = Arrays.stream(ids).max().orElse(0) + 1;
        float[] z = new float[e];
        float[] q = new float[model.k()];
        for (int r = 0; r < n; r++) {
            KeyValue<Long, PendingRecord> entry = pending.pollFirst();
            System.arraycopy(embeddings, r * e, z, 0, e);
            Assignment a = assigner.assign(z, model.centroids());
            float[] publicQ = null;
            if (settings.emitSoftAssignments()) {
                publicQ = new float[width];
                for (int j = 0; j < q.length; j++) {
                    publicQ[ids[j]] = a.q()[j];
                }
            }
            PendingRecord value = entry.value;
            ClusterAssignment assignment = new ClusterAssignment(value.id(), ids[a.cluster()], a.confidence(), publicQ,
                    model.version(), a.distance());
            context.forward(new Record<Object, Object>(value.id(), assignment, value.timestamp()),
                    KlusterTopology.OUTPUT_SINK);
            pendingStore.delete(entry.key);
        }
        return true;
    }

    private void ensureEmbedder(ModelBundle model) {
        if (embedder != null && embedder.bundle().version() == model.version()) {
            return;
        }
        if (embedder != null) {
            embedder.close();
        }
        embedder = Embedder.open(model);
        assigner = new StudentTAssigner(model.alpha());
    }

    /** The registry's model, or after a restart the one the global store restored. */
    private ModelBundle currentModel() {
        ModelBundle model = registry.current();
        if (model == null) {
            byte[] stored = modelStore.get(KlusterTopology.MODEL_KEY);
            if (stored != null) {
                ModelBundle restored = ModelStoreUpdater.validate(stored, settings.inputDimension());
                if (restored != null) {
                    registry.offer(restored);
                }
                model = registry.current();
            }
        }
        return model;
    }

    @Override
    public void close() {
        if (embedder != null) {
            embedder.close();
            embedder = null;
        }
    }
}
