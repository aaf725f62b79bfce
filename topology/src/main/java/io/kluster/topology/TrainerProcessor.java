package io.kluster.topology;

import io.kluster.model.ModelBundle;
import io.kluster.model.ModelBundleCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer: the one task that owns the single training partition. It keeps the records sent for
 * training in a changelog-backed buffer and, once enough have arrived and no model exists, trains
 * the first model in the background and publishes it to the model topic.
 *
 * <p>Kafka Streams elects the owner and moves the task, buffer included, when its instance dies.
 * A training run lost with its instance is started again by the new owner, since the buffer is
 * restored and there is still no model.
 */
final class TrainerProcessor implements Processor<String, PendingRecord, String, byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(TrainerProcessor.class);
    private static final Duration CHECK_INTERVAL = Duration.ofMillis(200);

    private final TopologySettings settings;
    private final ModelRegistry registry;
    private final ModelTrainingService training;

    private ProcessorContext<String, byte[]> context;
    private KeyValueStore<Long, PendingRecord> buffer;
    private long size;
    private long nextSequence;
    private CompletableFuture<ModelBundle> inFlight;
    private long publishedVersion;

    TrainerProcessor(TopologySettings settings, ModelRegistry registry, ModelTrainingService training) {
        this.settings = settings;
        this.registry = registry;
        this.training = training;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        this.buffer = context.getStateStore(KlusterTopology.TRAINING_BUFFER_STORE);
        try (KeyValueIterator<Long, PendingRecord> all = buffer.all()) {
            while (all.hasNext()) {
                nextSequence = all.next().key + 1;
                size++;
            }
        }
        context.schedule(CHECK_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> step());
    }

    @Override
    public void process(Record<String, PendingRecord> record) {
        if (size < settings.coldStartRecords() && needsFirstModel()) {
            buffer.put(nextSequence++, record.value());
            size++;
        }
    }

    private boolean needsFirstModel() {
        return registry.current() == null && publishedVersion == 0;
    }

    private void step() {
        if (inFlight != null) {
            if (!inFlight.isDone()) {
                return;
            }
            try {
                ModelBundle bundle = inFlight.get();
                context.forward(new Record<>(KlusterTopology.MODEL_KEY, ModelBundleCodec.toBytes(bundle),
                        context.currentSystemTimeMs()));
                publishedVersion = bundle.version();
                LOG.info("Published model v{} to {}", bundle.version(), settings.modelTopic());
            } catch (ExecutionException e) {
                LOG.error("Training failed; it will be retried: {}", e.getCause().toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inFlight = null;
            }
            return;
        }
        if (needsFirstModel() && size >= settings.coldStartRecords()) {
            inFlight = training.train(rows(), registry.version() + 1);
        }
    }

    private float[][] rows() {
        List<float[]> rows = new ArrayList<>();
        try (KeyValueIterator<Long, PendingRecord> all = buffer.all()) {
            while (all.hasNext()) {
                KeyValue<Long, PendingRecord> entry = all.next();
                rows.add(entry.value.features());
            }
        }
        return rows.toArray(new float[0][]);
    }

    @Override
    public void close() {
        if (inFlight != null) {
            inFlight.cancel(true);
        }
    }
}
