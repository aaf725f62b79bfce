package io.kluster.app;

import io.kluster.data.FeatureRecord;
import io.kluster.data.FeatureRecordCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A seeded input stream for the fault-injection tests: valid JSON records of three well separated
 * groups, with a bad record of a rotating kind every so often, sent at a steady rate. The last
 * records are held back until the test says its faults are done, so every fault lands while the
 * stream is still flowing and there is input left after the last one.
 */
final class SteadyFeed implements Runnable {

    /** Bad inputs the parser must dead-letter, by the reason it gives. */
    private static final List<String> BAD_KINDS = List.of("invalid-json", "wrong-dimension", "non-finite-feature",
            "empty-value", "not-an-object", "non-numeric-feature");

    private final String bootstrapServers;
    private final String topic;
    private final int dimension;
    private final int validRecords;
    private final int badEvery;
    private final double recordsPerSecond;
    private final int heldBack;
    private final long seed;
    private final CountDownLatch release = new CountDownLatch(1);
    private final Set<String> validIds = Collections.newSetFromMap(new ConcurrentHashMap<>());
    private final Set<String> badIds = Collections.newSetFromMap(new ConcurrentHashMap<>());
    private final Map<String, String> sendFailures = new ConcurrentHashMap<>();
    private final AtomicInteger sent = new AtomicInteger();
    private volatile Throwable failure;
    private volatile boolean finished;

    SteadyFeed(String bootstrapServers, String topic, int dimension, int validRecords, int badEvery,
            double recordsPerSecond, int heldBack, long seed) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.dimension = dimension;
        this.validRecords = validRecords;
        this.badEvery = badEvery;
        this.recordsPerSecond = recordsPerSecond;
        this.heldBack = heldBack;
        this.seed = seed;
    }

    /** Lets the held-back tail of the stream go. */
    void release() {
        release.countDown();
    }

    @Override
    public void run() {
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // A broker restart must delay records, never expire them: the test counts every one.
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Duration.ofMinutes(5).toMillis(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) Duration.ofMinutes(2).toMillis());
        SplittableRandom random = new SplittableRandom(seed);
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            int bad = 0;
            for (int i = 0; i < validRecords; i++) {
                if (i == validRecords - heldBack && !release.await(5, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the test never released the last " + heldBack + " records");
                }
                pace(start, sent.get());
                String id = "rec-" + i;
                validIds.add(id);
                send(producer, id, FeatureRecordCodec.toJson(new FeatureRecord(id, point(random, i % 3), null)));
                if (i % badEvery == badEvery / 2) {
                    String kind = BAD_KINDS.get(bad % BAD_KINDS.size());
                    String badId = "bad-" + bad++ + "-" + kind;
                    badIds.add(badId);
                    send(producer, badId, badValue(kind, badId, random));
                }
            }
            producer.flush();
        } catch (Throwable e) {
            failure = e;
        } finally {
            finished = true;
        }
    }

    /** Whether the feed has sent (and flushed) everything, or failed. */
    boolean finished() {
        return finished;
    }

    private void send(KafkaProducer<byte[], byte[]> producer, String id, byte[] value) {
        producer.send(new ProducerRecord<>(topic, id.getBytes(StandardCharsets.UTF_8), value), (metadata, error) -> {
            if (error != null) {
                sendFailures.put(id, error.toString());
            }
        });
        sent.incrementAndGet();
    }

    private void pace(long start, int count) throws InterruptedException {
        long due = start + (long) (count / recordsPerSecond * 1e9);
        long wait = due - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private float[] point(SplittableRandom random, int group) {
        float[] x = new float[dimension];
        for (int j = 0; j < dimension; j++) {
            x[j] = (float) (group * 4 + random.nextDouble(-1, 1));
        }
        return x;
    }

    private byte[] badValue(String kind, String id, SplittableRandom random) {
        String json = switch (kind) {
            case "invalid-json" -> "{\"id\": \"" + id + "\", \"features\": [1,";
            case "wrong-dimension" -> new String(FeatureRecordCodec.toJson(
                    new FeatureRecord(id, point(random, 0), null)), StandardCharsets.UTF_8).replace("[", "[0.5,");
            case "non-finite-feature" -> "{\"id\": \"" + id + "\", \"features\": [" + "1e999,".repeat(dimension - 1) + "1]}";
            case "empty-value" -> "";
            case "not-an-object" -> "[1, 2, 3]";
            case "non-numeric-feature" -> "{\"id\": \"" + id + "\", \"features\": [" + "\"x\",".repeat(dimension - 1) + "1]}";
            default -> throw new IllegalArgumentException(kind);
        };
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** Records handed to the producer so far, valid and bad. */
    int sent() {
        return sent.get();
    }

    /** Ids of the valid records sent so far. */
    Set<String> validIds() {
        return new LinkedHashSet<>(validIds);
    }

    /** Ids of the bad records sent so far. */
    Set<String> badIds() {
        return new LinkedHashSet<>(badIds);
    }

    /** The expected dead-letter reason of a bad id. */
    static String expectedReason(String badId) {
        return badId.substring(badId.indexOf('-', "bad-".length()) + 1);
    }

    /** Ids the producer could not deliver, with the error: the feed's own losses, not Kluster's. */
    List<String> sendFailures() {
        List<String> out = new ArrayList<>();
        sendFailures.forEach((id, error) -> out.add(id + ": " + error));
        return out;
    }

    /** Why the feed stopped early, or null. */
    Throwable failure() {
        return failure;
    }
}
