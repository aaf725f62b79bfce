package io.kluster.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.kluster.app.broker.SharedBroker;
import io.kluster.cluster.ClusterEvent;
import io.kluster.data.FeatureRecord;
import io.kluster.data.FeatureRecordCodec;
import io.kluster.topology.ClusterEventSerde;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * kluster.k=auto against a real broker, on a stream whose number of classes changes: five classes,
 * then three more appear, then two of the first stop. The model follows, the cluster events topic
 * says what happened, and no id is ever given to two clusters.
 */
class ChangingClustersIntegrationTest {

    private static final int DIMENSION = 8;
    private static final String PREFIX = "changing";
    private static final int BUFFER = 600;
    @RegisterExtension
    static final SharedBroker KAFKA = new SharedBroker();

    @TempDir
    Path stateRoot;

    @Test
    void kFollowsTheClassesPresentAndTheEventsTellHow() throws Exception {
        KlusterInstance instance = KlusterInstance.start(config(), KAFKA.bootstrapServers(), "kluster-changing",
                stateRoot.toString(), DIMENSION, null, new SimpleMeterRegistry());
        try {
            produce(0, 600, 0, 5);
            Await.until(() -> instance.registry().current() != null, Duration.ofSeconds(90));
            assertThat(instance.registry().current().k()).as("k chosen on five classes").isEqualTo(5);

            int next = feedUntil(600, 0, 8, () -> instance.registry().current().k() == 8, Duration.ofSeconds(90));

            feedUntil(next, 2, 8, () -> Math.abs(instance.registry().current().k() - 6) <= 1
                    && instance.registry().current().lineage().history().stream()
                            .anyMatch(e -> e.kind() == ClusterEvent.Kind.RETIRED || e.kind() == ClusterEvent.Kind.MERGED),
                    Duration.ofSeconds(120));
        } finally {
            instance.close();
        }

        Deserializer<ClusterEvent> events = new ClusterEventSerde().deserializer();
        List<ClusterEvent> published = TopicReader.readCommitted(KAFKA.bootstrapServers(), PREFIX + "-events", 1,
                Duration.ofSeconds(30)).stream().map(r -> events.deserialize(r.topic(), r.value())).toList();
        assertThat(published).as("events of the first model").filteredOn(e -> e.version() == 1).hasSize(5)
                .allMatch(e -> e.kind() == ClusterEvent.Kind.CREATED);
        // Three classes appeared inside clusters the model already had: new ids split from them (or were created).
        long appeared = published.stream().filter(e -> e.kind() == ClusterEvent.Kind.SPLIT)
                .mapToLong(e -> e.ids().length - 1).sum()
                + published.stream().filter(e -> e.version() > 1 && e.kind() == ClusterEvent.Kind.CREATED).count();
        assertThat(appeared).as("clusters added after the first model, in %s", published).isGreaterThanOrEqualTo(3);
        assertThat(published).as("two classes stopped").anyMatch(e -> e.kind() == ClusterEvent.Kind.RETIRED
                || e.kind() == ClusterEvent.Kind.MERGED);

        // An id enters once (created, or a split's new part) and, once retired or merged away, never comes back.
        Set<Integer> introduced = new HashSet<>();
        Set<Integer> gone = new HashSet<>();
        for (ClusterEvent e : published) {
            int[] ids = e.ids();
            int[] added = switch (e.kind()) {
                case CREATED -> ids;
                case SPLIT -> Arrays.copyOfRange(ids, 1, ids.length);
                default -> new int[0];
            };
            for (int id : added) {
                assertThat(introduced.add(id)).as("id %d introduced twice, in %s", id, published).isTrue();
                assertThat(gone).as("id %d reused after it went", id).doesNotContain(id);
            }
            int[] leaving = switch (e.kind()) {
                case RETIRED -> ids;
                case MERGED -> Arrays.copyOfRange(ids, 1, ids.length);
                default -> new int[0];
            };
            for (int id : leaving) {
                assertThat(introduced).as("id %d leaves without having come, in %s", id, published).contains(id);
                assertThat(gone.add(id)).as("id %d leaves twice, in %s", id, published).isTrue();
            }
        }
        int[] finalIds = instance.registry().current().clusterIds();
        assertThat(Arrays.stream(finalIds).boxed().toList()).as("the final ids, introduced and not gone")
                .allMatch(introduced::contains).noneMatch(gone::contains);
    }

    private static KlusterConfig config() {
        Map<String, Object> flags = TestTopics.flags(PREFIX);
        flags.put(KlusterConfig.K, "auto");
        flags.put(KlusterConfig.K_MAX, 12);
        flags.put(KlusterConfig.COLD_START_RECORDS, 500);
        flags.put(KlusterConfig.BATCH_SIZE, 32);
        flags.put(KlusterConfig.TRAINING_SAMPLE_RATE, 1.0);
        flags.put(KlusterConfig.BUFFER_RECORDS, BUFFER);
        flags.put(KlusterConfig.HALF_LIFE_RECORDS, 200.0);
        flags.put(KlusterConfig.CENTROID_UPDATE_INTERVAL_MS, 500);
        flags.put(KlusterConfig.RETRAIN_EVERY_RECORDS, 600);
        return KlusterConfig.resolve(new Properties(), Map.of(), flags);
    }

    /** {@code count} records from id {@code from}, round-robin over classes {@code [first, last)}: blobs 10 apart. */
    private static void produce(int from, int count, int first, int last) {
        SplittableRandom random = new SplittableRandom(from);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = from; i < from + count; i++) {
                String id = "r-" + i;
                int label = first + (i - from) % (last - first);
                float[] features = new float[DIMENSION];
                for (int j = 0; j < DIMENSION; j++) {
                    features[j] = (float) ((j == label ? 10 : 0) + random.nextDouble(-1, 1));
                }
                producer.send(new ProducerRecord<>(PREFIX + "-in", id.getBytes(StandardCharsets.UTF_8),
                        FeatureRecordCodec.toJson(new FeatureRecord(id, features, String.valueOf(label)))));
            }
        }
    }

    /**
     * Streams records of classes {@code [first, last)} from id {@code from}, 240 every half second as a
     * live feed would, until {@code condition} holds; returns the next id.
     */
    private static int feedUntil(int from, int first, int last, BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int next = from;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout + " after " + (next - from) + " records");
            }
            produce(next, 240, first, last);
            next += 240;
            Thread.sleep(500);
        }
        return next;
    }
}
