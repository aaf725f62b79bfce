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
 * topic. A bundle that cannot be decoded, does not fit the input dimension, or whose weights are
 * not finite is rejected with a log line and the current model stays in use.
 */
final class ModelStoreUpdater implements Processor<String, byte[], Void, Void> {

    private static final Logger LOG = LoggerFactory.getLogger(ModelStoreUpdater.class);

    private final ModelRegistry registry;
    private final int inputDimension;
    private KeyValueStore<String, byte[]> store;

    ModelStoreUpdater(ModelRegistry registry, int inputDimension) {
        this.registry = registry;
        this.inputDimension = inputDimension;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(KlusterTopology.MODEL_STORE);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        ModelBundle bundle = validate(record.value(), inputDimension);
        if (bundle != null && registry.offer(bundle)) {
            store.put(KlusterTopology.MODEL_KEY, record.value());
            LOG.info("Model v{} ({}, k={}) is now current", bundle.version(), bundle.method(), bundle.k());
        }
    }

    /** Decodes and checks a bundle; null (and a log line) when it must not be used. */
    static ModelBundle validate(byte[] bytes, int inputDimension) {
        ModelBundle bundle;
        try {
            bundle = ModelBundleCodec.fromBytes(bytes);
        } catch (IllegalArgumentException e) {
            LOG.warn("Rejected a model from the model topic: {}", e.getMessage());
            return null;
        }
        if (bundle.inputDimension() != inputDimension) {
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
