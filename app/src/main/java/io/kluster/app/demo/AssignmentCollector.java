package io.kluster.app.demo;

import io.kluster.cluster.ClusteringMetrics;
import io.kluster.data.ClusterAssignment;
import io.kluster.data.ClusterAssignmentSerde;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the output and dead-letter topics (read_committed), as a downstream consumer would, and
 * keeps what the demo reports: counts, duplicates, latencies, model versions, and the prequential
 * agreement of assignments with the labels the feed knows.
 */
public final class AssignmentCollector implements Runnable, AutoCloseable {

    private final String bootstrapServers;
    private final String outputTopic;
    private final String deadLetterTopic;
    private final Map<String, Integer> truthById;
    private final ClusterAssignmentSerde serde = new ClusterAssignmentSerde();
    private final OutputStream assignmentsOut;

    private final Object lock = new Object();
    private final java.util.concurrent.CountDownLatch subscribed = new java.util.concurrent.CountDownLatch(1);
    private final Set<String> seen = new HashSet<>();
    private final List<int[]> labelled = new ArrayList<>();
    private final TreeSet<Long> versions = new TreeSet<>();
    private long[] latencies = new long[1024];
    private long[] arrival = new long[1024];
    private int assigned;
    private long duplicates;
    private long deadLettered;
    private long firstAssignmentMillis;
    private long lastAssignmentMillis;
    private volatile boolean running = true;

    /**
     * A collector; {@code truthById} maps record ids to dense class indices (empty without labels),
     * and every assignment's value is copied, one per line, to {@code assignmentsOut} when it is
     * not null.
     */
    public AssignmentCollector(String bootstrapServers, String outputTopic, String deadLetterTopic,
            Map<String, Integer> truthById, OutputStream assignmentsOut) {
        this.assignmentsOut = assignmentsOut;
        this.bootstrapServers = bootstrapServers;
        this.outputTopic = outputTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.truthById = truthById;
    }

    @Override
    public void run() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "kluster-demo-reader-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(outputTopic, deadLetterTopic));
            while (running) {
                var records = consumer.poll(Duration.ofMillis(100));
                long now = System.currentTimeMillis();
                if (!consumer.assignment().isEmpty()) {
                    subscribed.countDown();
                }
                synchronized (lock) {
                    for (ConsumerRecord<String, byte[]> record : records) {
                        if (record.topic().equals(deadLetterTopic)) {
                            deadLettered++;
                        } else {
                            accept(serde.deserializer().deserialize(outputTopic, record.value()), record.timestamp(), now);
                            copy(record.value());
                        }
                    }
                }
            }
        }
    }

    /**
     * Waits until the reader has joined its group and holds the output partitions, so that a
     * benchmark's clock does not include the reader's own start; returns whether it did in time.
     */
    public boolean awaitSubscribed(Duration timeout) throws InterruptedException {
        return subscribed.await(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void copy(byte[] value) {
        if (assignmentsOut == null) {
            return;
        }
        try {
            assignmentsOut.write(value);
            assignmentsOut.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write assignments: " + e.getMessage(), e);
        }
    }

    private void accept(ClusterAssignment assignment, long inputTimestamp, long now) {
        if (!seen.add(assignment.id())) {
            duplicates++;
            return;
        }
        if (assigned == latencies.length) {
            latencies = Arrays.copyOf(latencies, assigned * 2);
            arrival = Arrays.copyOf(arrival, assigned * 2);
        }
        latencies[assigned] = now - inputTimestamp;
        arrival[assigned] = inputTimestamp;
        assigned++;
        if (firstAssignmentMillis == 0) {
            firstAssignmentMillis = now;
        }
        lastAssignmentMillis = now;
        versions.add(assignment.modelVersion());
        Integer truth = truthById.get(assignment.id());
        if (truth != null) {
            labelled.add(new int[] {truth, assignment.cluster()});
        }
    }

    /** A consistent view of what has been collected so far. */
    public Snapshot snapshot(boolean withQuality, long steadyStartMillis) {
        synchronized (lock) {
            Double acc = null;
            Double nmi = null;
            Double ari = null;
            if (withQuality && !labelled.isEmpty()) {
                int[] truth = new int[labelled.size()];
                int[] predicted = new int[labelled.size()];
                for (int i = 0; i < truth.length; i++) {
                    truth[i] = labelled.get(i)[0];
                    predicted[i] = labelled.get(i)[1];
                }
                acc = ClusteringMetrics.accuracy(truth, predicted);
                nmi = ClusteringMetrics.nmi(truth, predicted);
                ari = ClusteringMetrics.adjustedRandIndex(truth, predicted);
            }
            long[] steady = steadyStateLatencies(steadyStartMillis);
            return new Snapshot(assigned, steady.length, deadLettered, duplicates, versions.size(), firstAssignmentMillis,
                    lastAssignmentMillis, percentile(steady, 0.50), percentile(steady, 0.99),
                    percentile(Arrays.copyOf(latencies, assigned), 1.0), acc, nmi, ari);
        }
    }

    /** Latencies of records sent once a model was live (not the cold-start wait). */
    private long[] steadyStateLatencies(long steadyStartMillis) {
        long[] out = new long[assigned];
        int n = 0;
        for (int i = 0; i < assigned; i++) {
            if (steadyStartMillis > 0 && arrival[i] >= steadyStartMillis) {
                out[n++] = latencies[i];
            }
        }
        return Arrays.copyOf(out, n);
    }

    private static Double percentile(long[] values, double p) {
        if (values.length == 0) {
            return null;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return (double) sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    @Override
    public void close() {
        running = false;
    }

    /** What the collector has seen. */
    public record Snapshot(long assigned, long assignedSteady, long deadLettered, long duplicates, int modelVersions,
            long firstAssignmentMillis, long lastAssignmentMillis, Double p50LatencyMs, Double p99LatencyMs,
            Double maxLatencyMs, Double acc, Double nmi, Double ari) {
    }
}
