package io.kluster.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kluster.app.broker.SharedBroker;
import io.kluster.app.metrics.ClusterPage;
import io.kluster.data.ClusterAssignmentSerde;
import io.kluster.data.DeadLetterHeaders;
import io.kluster.fields.ClusterProfile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mixed-type named-field events through a real broker from a cold start: the first model's schema
 * is fitted on the stream, every valid event is assigned exactly once, bad ones are dead-lettered
 * with their reason, and the clusters' profiles say what each group is.
 */
class NamedFieldEventsIntegrationTest {

    private static final String PREFIX = "events";
    private static final String[] GROUP_COUNTRY = {"DE", "FR", "JP"};
    private static final String[] GROUP_WORDS = {"coupon sale cheap", "invoice po vat", "gift wrap birthday"};
    @RegisterExtension
    static final SharedBroker KAFKA = new SharedBroker();

    @TempDir
    Path stateRoot;

    /** Three groups apart in amount (scales apart), country, a flag and the words of their notes; some values missing. */
    private static String event(int i, SplittableRandom random) {
        int group = i % 3;
        double amount = Math.round(Math.exp(2 + 2.5 * group + random.nextDouble(-0.4, 0.4)) * 100) / 100.0;
        String note = random.nextInt(5) == 0 ? "null" : "\"" + GROUP_WORDS[group] + " " + random.nextInt(50) + "\"";
        String latency = random.nextInt(8) == 0 ? "null" : String.valueOf(random.nextInt(50, 900));
        return "{\"order_id\": \"o-" + i + "\", \"Amount (EUR)\": " + amount + ", \"country\": \"" + GROUP_COUNTRY[group]
                + "\", \"vip\": " + (group == 2) + ", \"note\": " + note + ", \"latency_ms\": " + latency
                + ", \"segment\": \"s" + group + "\"}";
    }

    @Test
    void mixedTypeEventsAreAssignedOnceFromAColdStartAndTheProfilesSayWhatEachClusterIs() throws Exception {
        Map<String, Object> flags = TestTopics.flags(PREFIX);
        flags.put(KlusterConfig.INPUT_FORMAT, "fields");
        flags.put(KlusterConfig.INPUT_ID_FIELD, "order_id");
        flags.put(KlusterConfig.INPUT_LABEL_FIELD, "segment");
        flags.put(KlusterConfig.INPUT_FIELDS, "Amount (EUR):numeric,country,vip,note,latency_ms");
        flags.put(KlusterConfig.K, 3);
        flags.put(KlusterConfig.COLD_START_RECORDS, 150);
        flags.put(KlusterConfig.TRAINING_SAMPLE_RATE, 1.0);
        flags.put(KlusterConfig.RETRAIN_EVERY_RECORDS, 200);
        KlusterConfig config = KlusterConfig.resolve(new Properties(), Map.of(), flags);
        int valid = 450;
        List<String> bad = List.of("[1, 2]", "{\"order_id\": \"b1\", \"Amount (EUR)\": \"lots\"}",
                "{\"order_id\": \"b2\", \"colour\": \"red\"}", "{\"order_id\": \"b3\", \"country\": ");

        try (KlusterInstance instance = KlusterInstance.start(config, KAFKA.bootstrapServers(), "kluster-events",
                stateRoot.toString(), 0, null, new SimpleMeterRegistry())) {
            SplittableRandom random = new SplittableRandom(4);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()), new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                for (int i = 0; i < valid; i++) {
                    producer.send(new ProducerRecord<>(PREFIX + "-in", ("o-" + i).getBytes(StandardCharsets.UTF_8),
                            event(i, random).getBytes(StandardCharsets.UTF_8)));
                    if (i == 200) {
                        bad.forEach(b -> producer.send(new ProducerRecord<>(PREFIX + "-in", null,
                                b.getBytes(StandardCharsets.UTF_8))));
                    }
                }
            }

            List<ConsumerRecord<String, byte[]>> out = TopicReader.readCommitted(KAFKA.bootstrapServers(), PREFIX + "-out",
                    valid, Duration.ofSeconds(120));
            List<ConsumerRecord<String, byte[]>> dead = TopicReader.readCommitted(KAFKA.bootstrapServers(),
                    PREFIX + "-dlq", bad.size(), Duration.ofSeconds(30));

            assertThat(out).hasSize(valid);
            assertThat(out).extracting(ConsumerRecord::key).doesNotHaveDuplicates();
            Map<String, Integer> clusterOf = new HashMap<>();
            var serde = new ClusterAssignmentSerde();
            out.forEach(r -> clusterOf.put(r.key(), serde.deserializer().deserialize("t", r.value()).cluster()));
            int[] truth = new int[valid];
            int[] predicted = new int[valid];
            for (int i = 0; i < valid; i++) {
                truth[i] = i % 3;
                predicted[i] = clusterOf.get("o-" + i);
            }
            assertThat(io.kluster.cluster.ClusteringMetrics.accuracy(truth, predicted)).isGreaterThan(0.95);
            assertThat(dead).extracting(r -> new String(r.headers().lastHeader(DeadLetterHeaders.REASON).value(),
                    StandardCharsets.UTF_8)).containsExactlyInAnyOrder("not-an-object", "wrong-field-type",
                    "no-usable-feature", "invalid-json");
            assertThat(dead).extracting(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrderElementsOf(bad);

            assertThat(instance.registry().current().schema().names())
                    .containsExactly("Amount (EUR)", "country", "vip", "note", "latency_ms");
            List<ClusterProfile> profiles = instance.metrics().activity().snapshot().profiles();
            assertThat(profiles).hasSize(3);
            int japan = clusterOf.get("o-2");
            ClusterProfile gifts = profiles.stream().filter(p -> p.cluster() == japan).findFirst().orElseThrow();
            assertThat(gifts.description()).containsAnyOf("country=JP", "vip=true", "Amount (EUR) +", "note~gift",
                    "note~wrap", "note~birthday");
            JsonNode page = new ObjectMapper().readTree(new ClusterPage(instance.metrics().activity(), null, instance.registry()::current).json());
            List<String> descriptions = new ArrayList<>();
            page.path("clusters").forEach(c -> descriptions.add(c.path("description").asText()));
            assertThat(descriptions).hasSize(3).allSatisfy(d -> assertThat(d).isNotBlank());
            assertThat(page.path("fields").toString()).contains("Amount (EUR)", "country");
            assertThat(page.path("map").path("points").size()).isGreaterThan(100);
        }
    }
}
