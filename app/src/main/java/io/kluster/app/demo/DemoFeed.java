package io.kluster.app.demo;

import io.kluster.data.Dataset;
import io.kluster.data.EventDataset;
import io.kluster.fields.FieldsSettings;
import io.kluster.data.FeatureRecord;
import io.kluster.data.FeatureRecordCodec;
import io.kluster.data.InputFormat;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Replays a dataset into the input topic, keyed by record id, in the topic's input format: first
 * the records the first model trains on, then, once that model is live, the rest at full speed,
 * so that the demo measures steady-state assignment rather than a queue waiting for training.
 */
public final class DemoFeed implements Runnable {

    private final String bootstrapServers;
    private final String topic;
    private final Dataset dataset;
    private final EventDataset events;
    private final FieldsSettings fields;
    private final InputFormat format;
    private final int coldStartRecords;
    private final BooleanSupplier modelLive;
    private final double recordsPerSecond;
    private final AtomicLong sent = new AtomicLong();
    private byte[][] encoded;
    private volatile long steadyStartMillis;
    private volatile Exception failure;

    /**
     * A feed of {@code dataset} into {@code topic} that pauses after {@code coldStartRecords}
     * until {@code modelLive} is true, then sends at most {@code recordsPerSecond} (0: no limit).
     * In {@link InputFormat#FIELDS} it sends {@code events} (the same records), their id and label
     * under the field names of {@code fields}; otherwise those two are null.
     */
    public DemoFeed(String bootstrapServers, String topic, Dataset dataset, EventDataset events, FieldsSettings fields,
            InputFormat format, int coldStartRecords, BooleanSupplier modelLive, double recordsPerSecond) {
        if (format == InputFormat.FIELDS && (events == null || fields == null)) {
            throw new IllegalArgumentException("a feed of named-field events needs the events and their field names");
        }
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.dataset = dataset;
        this.events = events;
        this.fields = fields;
        this.format = format;
        this.coldStartRecords = coldStartRecords;
        this.modelLive = modelLive;
        this.recordsPerSecond = recordsPerSecond;
    }

    /**
     * Encodes every value now, so that sending costs the producer only: a benchmark's load
     * generator must not take the CPU the pipeline under test needs. Memory: one value per record.
     */
    public DemoFeed preEncoded() {
        encoded = new byte[dataset.size()][];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = encode(i);
        }
        return this;
    }

    private byte[] encode(int i) {
        if (format == InputFormat.FIELDS) {
            return FeatureRecordCodec.eventToJson(events.ids()[i], events.events().get(i),
                    events.labels() == null ? null : events.labels()[i], fields.idField(), fields.labelField());
        }
        float[] features = dataset.features()[i];
        return format == InputFormat.BINARY
                ? FeatureRecordCodec.toBinary(features)
                : FeatureRecordCodec.toJson(new FeatureRecord(dataset.ids()[i], features,
                        dataset.hasLabels() ? dataset.labels()[i] : null));
    }

    @Override
    public void run() {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            // The first send would block on the topic's metadata and then catch up on the schedule in a
            // burst above the rate: fetch it before the schedule's clock starts.
            producer.partitionsFor(topic);
            for (int i = 0; i < dataset.size(); i++) {
                if (i == coldStartRecords || (i == 0 && modelLive.getAsBoolean())) {
                    producer.flush();
                    while (!modelLive.getAsBoolean()) {
                        Thread.sleep(20);
                    }
                    steadyStartMillis = System.currentTimeMillis();
                }
                if (recordsPerSecond > 0 && steadyStartMillis > 0) {
                    long due = steadyStartMillis + (long) ((i - coldStartRecords) * 1000.0 / recordsPerSecond);
                    long wait = due - System.currentTimeMillis();
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                }
                String id = dataset.ids()[i];
                byte[] value = encoded != null ? encoded[i] : encode(i);
                producer.send(new ProducerRecord<>(topic, null, System.currentTimeMillis(), id.getBytes(StandardCharsets.UTF_8), value),
                        (metadata, error) -> {
                            if (error != null) {
                                failure = error;
                            }
                        });
                sent.incrementAndGet();
            }
            producer.flush();
        } catch (RuntimeException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** When the feed resumed after the first model went live; 0 before that. */
    public long steadyStartMillis() {
        return steadyStartMillis;
    }

    /** Records handed to the producer so far. */
    public long sent() {
        return sent.get();
    }

    /** The first send failure, or null. */
    public Exception failure() {
        return failure;
    }
}
