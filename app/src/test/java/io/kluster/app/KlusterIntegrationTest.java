package io.kluster.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.kluster.app.broker.SharedBroker;
import io.kluster.data.ClusterAssignment;
import io.kluster.data.ClusterAssignmentSerde;
import io.kluster.data.DeadLetterHeaders;
import io.kluster.data.FeatureRecord;
import io.kluster.data.FeatureRecordCodec;
import io.kluster.model.Autoencoder;
import io.kluster.model.EncoderSpec;
import io.kluster.model.FeatureScaler;
import io.kluster.model.ModelBundle;
import io.kluster.model.ModelBundleCodec;
import io.kluster.model.ModelTrainer;
import io.kluster.model.TrainingListener;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end specifications against a real single-node KRaft broker running in this JVM. */
class KlusterIntegrationTest {

    private static final int DIMENSION = 4;
    @RegisterExtension
    static final SharedBroker KAFKA = new SharedBroker();

    @TempDir
    Path stateRoot;

    @Test
    void everyValidRecordIsAssignedExactlyOnceAndEveryBadOneIsDeadLettered() throws Exception {
        KlusterConfig config = config("e2e", 200);
        Map<String, byte[]> bad = new HashMap<>();
        bad.put("bad-json", "{\"id\": \"bad-json\", \"features\": [1,".getBytes(StandardCharsets.UTF_8));
        bad.put("bad-dimension", FeatureRecordCodec.toJson(new FeatureRecord("bad-dimension", new float[] {1f, 2f}, null)));
        bad.put("bad-nan", "{\"id\": \"bad-nan\", \"features\": [1, NaN, 3, 4]}".getBytes(StandardCharsets.UTF_8));
        bad.put("bad-binary", new byte[] {(byte) 0xff, 0x00, (byte) 0xfe, 0x13});
        bad.put("bad-empty", new byte[0]);
        Map<String, String> expectedReasons = Map.of("bad-json", "invalid-json", "bad-dimension", "wrong-dimension",
                "bad-nan", "non-finite-feature", "bad-binary", "invalid-json", "bad-empty", "empty-value");

        Set<String> validIds = new HashSet<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            float[][] rows = points(1_000, 1L);
            for (int i = 0; i < rows.length; i++) {
                String id = "rec-" + i;
                validIds.add(id);
                send(producer, config, id, FeatureRecordCodec.toJson(new FeatureRecord(id, rows[i], String.valueOf(i % 3))));
                if (i % 200 == 100) {
                    String badId = new ArrayList<>(bad.keySet()).get(i / 200);
                    send(producer, config, badId, bad.get(badId));
                }
            }
        }

        try (KlusterInstance instance = KlusterInstance.start(config, KAFKA.bootstrapServers(), "kluster-e2e",
                stateRoot.resolve("a").toString(), DIMENSION, null, new SimpleMeterRegistry())) {
            List<ConsumerRecord<String, byte[]>> outputs = readCommitted(config.getString(KlusterConfig.OUTPUT_TOPIC),
                    1_000, Duration.ofSeconds(120));
            List<ConsumerRecord<String, byte[]>> deadLetters = readCommitted(
                    config.getString(KlusterConfig.DEAD_LETTER_TOPIC), 5, Duration.ofSeconds(10));

            assertThat(outputs).hasSize(1_000);
            Set<String> assignedIds = new HashSet<>();
            ClusterAssignmentSerde serde = new ClusterAssignmentSerde();
            for (ConsumerRecord<String, byte[]> record : outputs) {
                ClusterAssignment a = serde.deserializer().deserialize("", record.value());
                assertThat(a.id()).isEqualTo(record.key());
                assertThat(a.cluster()).isBetween(0, 2);
                assertThat(a.modelVersion()).isEqualTo(1);
                assignedIds.add(a.id());
            }
            assertThat(assignedIds).isEqualTo(validIds);

            assertThat(deadLetters).hasSize(5);
            for (ConsumerRecord<String, byte[]> dead : deadLetters) {
                String key = dead.key();
                assertThat(dead.value()).isEqualTo(bad.get(key));
                assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo(expectedReasons.get(key));
                assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.SOURCE_TOPIC))
                        .isEqualTo(config.getString(KlusterConfig.INPUT_TOPIC));
            }
        }
    }

    @Test
    void recordsWaitingForTheFirstModelSurviveTheLossOfTheInstanceAndItsLocalState() throws Exception {
        KlusterConfig config = config("crash", 100_000);
        Set<String> ids = new HashSet<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            float[][] rows = points(300, 2L);
            for (int i = 0; i < rows.length; i++) {
                ids.add("w-" + i);
                send(producer, config, "w-" + i, FeatureRecordCodec.toJson(new FeatureRecord("w-" + i, rows[i], null)));
            }
        }
        Path firstState = stateRoot.resolve("first");
        try (KlusterInstance first = KlusterInstance.start(config, KAFKA.bootstrapServers(), "kluster-crash",
                firstState.toString(), DIMENSION, null, new SimpleMeterRegistry())) {
            // The training topic is written in the same transactions as the waiting-record store, so
            // once all 300 are readable there, the store's changelog holds them and the input is committed.
            assertThat(readCommitted(config.getString(KlusterConfig.TRAINING_TOPIC), 300, Duration.ofSeconds(60)))
                    .hasSize(300);
        }
        deleteRecursively(firstState);

        ModelBundle model = new ModelTrainer(config.trainingSettings()).train(points(100, 3L), 1, TrainingListener.NONE);
        try (KlusterInstance second = KlusterInstance.start(config, KAFKA.bootstrapServers(), "kluster-crash",
                stateRoot.resolve("second").toString(), DIMENSION, model, new SimpleMeterRegistry())) {
            List<ConsumerRecord<String, byte[]>> outputs = readCommitted(config.getString(KlusterConfig.OUTPUT_TOPIC),
                    300, Duration.ofSeconds(60));
            Set<String> assigned = new HashSet<>();
            outputs.forEach(r -> assigned.add(r.key()));
            assertThat(outputs).hasSize(300);
            assertThat(assigned).isEqualTo(ids);
        }
    }

    @Test
    void aDecSizeBundleReachesAnInstanceThroughABrokerWithDefaultSettings() throws Exception {
        EncoderSpec spec = EncoderSpec.of(784, EncoderSpec.DEFAULT_WIDTHS);
        ModelBundle big;
        try (Autoencoder ae = Autoencoder.initialize(spec, 3L)) {
            float[][] centroids = new float[10][spec.embeddingDimension()];
            for (int j = 0; j < centroids.length; j++) {
                centroids[j][j % spec.embeddingDimension()] = j + 1;
            }
            big = new ModelBundle(1, "ae-kmeans", spec, FeatureScaler.identity(784), ae.encoderBytes(), ae.decoderBytes(),
                    centroids, 1.0, ModelBundle.identityIds(10), Map.of(), 0L);
        }
        assertThat(ModelBundleCodec.toBytes(big).length).as("bundle bytes").isGreaterThan(12_000_000);

        KlusterConfig config = config("big", 100);
        try (KlusterInstance instance = KlusterInstance.start(config, KAFKA.bootstrapServers(), "kluster-big",
                stateRoot.resolve("big").toString(), 784, big, new SimpleMeterRegistry())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (instance.registry().version() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(instance.registry().version()).isEqualTo(1);
            assertThat(instance.registry().current().encoderParameters()).isEqualTo(big.encoderParameters());
        }
    }

    private static KlusterConfig config(String prefix, int coldStart) {
        Map<String, Object> flags = TestTopics.flags(prefix);
        flags.put(KlusterConfig.K, 3);
        flags.put(KlusterConfig.ENCODER_WIDTHS, "16,3");
        flags.put(KlusterConfig.PRETRAIN_EPOCHS, 10);
        flags.put(KlusterConfig.PRETRAIN_BATCH_SIZE, 32);
        flags.put(KlusterConfig.COLD_START_RECORDS, coldStart);
        flags.put(KlusterConfig.BATCH_SIZE, 64);
        return KlusterConfig.resolve(new Properties(), Map.of(), flags);
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, KlusterConfig config, String key, byte[] value) {
        producer.send(new ProducerRecord<>(config.getString(KlusterConfig.INPUT_TOPIC), key.getBytes(StandardCharsets.UTF_8), value));
    }

    private static List<ConsumerRecord<String, byte[]>> readCommitted(String topic, int expected, Duration timeout) {
        return TopicReader.readCommitted(KAFKA.bootstrapServers(), topic, expected, timeout);
    }

    private static float[][] points(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] rows = new float[n][DIMENSION];
        for (int i = 0; i < n; i++) {
            int group = i % 3;
            for (int j = 0; j < DIMENSION; j++) {
                rows[i][j] = (float) (group * 4 + random.nextDouble(-1, 1));
            }
        }
        return rows;
    }

    private static void deleteRecursively(Path root) throws java.io.IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
