package io.kluster.topology;

import io.kluster.model.Embedder;
import io.kluster.model.ModelBundle;
import io.kluster.model.ModelBundleCodec;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global model store and this instance's {@link ModelRegistry} up to date from the model
 * topic: full bundles under {@link KlusterTopology#BUNDLE_KEY}, centroid updates under
 * {@link KlusterTopology#CENTROIDS_KEY}. A bundle that cannot be decoded, does not fit the input
 * dimension, or whose weights are not finite is rejected with a log line and a metric, and the
 * current model stays in use.
 *
 * <p>On every start Kafka Streams restores the global store by passing the model topic through a
 * fresh instance of this processor (it re-processes on restore), so the registry of every instance
 * is filled before its stream threads run, whatever tasks they hold, the trainer's alone included;
 * {@code OnlineLearningIntegrationTest} holds three instances to that.
 */
final class ModelStoreUpdater implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ModelStoreUpdater.class);

    private final ModelRegistry registry;
    private final int inputDimension;
    private final KlusterMetrics metrics;
    private KeyValueStore<String, byte[]> store;

    ModelStoreUpdater(ModelRegistry registry, int inputDimension, KlusterMetrics metrics) {
        this.registry = registry;
        this.inputDimension = inputDimension;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(KlusterTopology.MODEL_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null || record.key() == null) {
            return;
        }
        if (apply(registry, record.key(), record.value(), inputDimension, metrics)) {
            store.put(record.key(), record.value());
        }
    }

    private static boolean apply(ModelRegistry registry, String key, byte[] value, int inputDimension, KlusterMetrics metrics) {
        if (KlusterTopology.CENTROIDS_KEY.equals(key)) {
            try {
                CentroidUpdate update = CentroidUpdate.fromBytes(value);
                boolean applied = registry.offer(update);
                if (applied) {
                    LOG.debug("Centroids v{} on encoder v{} are now current", update.version(), update.baseVersion());
                }
                return applied;
            } catch (IllegalArgumentException e) {
                LOG.warn("Rejected a centroid update from the model topic: {}", e.getMessage());
                metrics.modelRejected();
                return false;
            }
        }
        ModelBundle bundle = validate(value, inputDimension);
        if (bundle == null) {
            metrics.modelRejected();
            return false;
        }
        boolean applied = registry.offer(bundle);
        if (applied) {
            LOG.info("Model v{} ({}, k={}) is now current", bundle.version(), bundle.method(), bundle.k());
        }
        return applied;
    }

    /**
     * Decodes and checks a bundle; null (and a log line) when it must not be used. An input dimension
     * of 0 stands for named-field events: the model must then bring the schema that sets its width.
     */
    static ModelBundle validate(byte[] bytes, int inputDimension) {
        ModelBundle bundle;
        try {
            bundle = ModelBundleCodec.fromBytes(bytes);
        } catch (IllegalArgumentException e) {
            LOG.warn("Rejected a model from the model topic: {}", e.getMessage());
            return null;
        }
        if (inputDimension == 0 && bundle.schema() == null) {
            LOG.warn("Rejected model v{}: it takes feature vectors, the input is named-field events", bundle.version());
            return null;
        }
        if (inputDimension > 0 && bundle.schema() != null) {
            LOG.warn("Rejected model v{}: it takes named-field events, the input is feature vectors", bundle.version());
            return null;
        }
        if (inputDimension > 0 && bundle.inputDimension() != inputDimension) {
            LOG.warn("Rejected model v{}: it takes {} features, the input has {}", bundle.version(),
                    bundle.inputDimension(), inputDimension);
            return null;
        }
        try (Embedder probe = Embedder.open(bundle)) {
            return probe.bundle();
        } catch (IllegalArgumentException e) {
            LOG.warn("Rejected model v{}: {}", bundle.version(), e.getMessage());
            return null;
        }
    }
}
