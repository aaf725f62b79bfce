package io.kluster.app.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Specification of the embedded single-node KRaft broker. */
@Timeout(60)
class EmbeddedKafkaBrokerTest {

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration DEADLINE = Duration.ofSeconds(20);

    private static final AtomicReference<String> haltRequest = new AtomicReference<>();
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        // A fatal Kafka fault would otherwise halt the Surefire JVM and hide the cause.
        Exit.setHaltProcedure((status, message) -> {
            haltRequest.set(status + ": " + message);
            throw new IllegalStateException("Kafka asked to halt the JVM: " + message);
        });
        broker = EmbeddedKafkaBroker.builder().build();
        broker.start();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
        Exit.resetHaltProcedure();
        assertThat(haltRequest.get()).as("Kafka halt request").isNull();
    }

    @Test
    @DisplayName("listens on a loopback address and reports it as the bootstrap servers")
    void bootstrapServersIsALoopbackAddress() throws Exception {
        assertThat(broker.bootstrapServers()).matches("127\\.0\\.0\\.1:\\d+");
        try (Admin admin = admin(broker)) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
        }
    }

    @Test
    @DisplayName("creates a topic with the requested partitions and configs, and accepts creating it again")
    void createsTopicWithPartitionsAndConfigs() throws Exception {
        broker.createTopic("compacted", 2, Map.of("cleanup.policy", "compact"));
        assertThatCode(() -> broker.createTopic("compacted", 2, Map.of())).doesNotThrowAnyException();

        try (Admin admin = admin(broker)) {
            TopicDescription topic = admin.describeTopics(List.of("compacted")).allTopicNames().get().get("compacted");
            assertThat(topic.partitions()).hasSize(2);
            assertThat(topic.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(1));

            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "compacted");
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    @DisplayName("stores records produced with acks=all and delivers them to a consumer group")
    void producesAndConsumesWithAConsumerGroup() {
        broker.createTopic("plain", 2, Map.of());
        try (KafkaProducer<String, String> producer = producer(Map.of(ProducerConfig.ACKS_CONFIG, "all"))) {
            for (int i = 0; i < 10; i++) {
                producer.send(new ProducerRecord<>("plain", "key-" + i, "value-" + i));
            }
            producer.flush();
        }

        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "plain-readers",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"))) {
            consumer.subscribe(List.of("plain"));
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (values.size() < 10 && System.nanoTime() < deadline) {
                consumer.poll(POLL).forEach(r -> values.add(r.value()));
            }
        }
        assertThat(values).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, 10).mapToObj(i -> "value-" + i).toList());
    }

    @Test
    @DisplayName("runs the transaction coordinator: read_committed sees committed records and never aborted ones")
    void readCommittedHidesAbortedTransactions() {
        broker.createTopic("transactional", 1, Map.of());
        try (KafkaProducer<String, String> producer = producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "kluster-test-tx",
                ProducerConfig.ACKS_CONFIG, "all"))) {
            producer.initTransactions();

            producer.beginTransaction();
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>("transactional", "committed-" + i));
            }
            producer.commitTransaction();

            producer.beginTransaction();
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>("transactional", "aborted-" + i));
            }
            producer.flush();
            producer.abortTransaction();
        }

        assertThat(readToEnd("transactional", "read_committed"))
                .containsExactly("committed-0", "committed-1", "committed-2", "committed-3", "committed-4");
        // The aborted records really reached the log; only the isolation level hides them.
        assertThat(readToEnd("transactional", "read_uncommitted"))
                .contains("aborted-0", "aborted-1", "aborted-2")
                .hasSize(8);
    }

    @Test
    @DisplayName("lets a second broker run alongside on other ports; close deletes its temporary directory, twice is harmless")
    void secondBrokerRunsAlongsideAndCloseDeletesItsTemporaryDirectory() throws Exception {
        Path logDir;
        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().build()) {
            second.start();
            logDir = second.logDir();

            assertThat(second.bootstrapServers()).isNotEqualTo(broker.bootstrapServers());
            assertThat(logDir).isNotEqualTo(broker.logDir()).isDirectory();
            second.createTopic("only-on-second", 1, Map.of());
            try (Admin admin = admin(second)) {
                assertThat(admin.listTopics().names().get()).contains("only-on-second");
            }

            second.close();
            assertThat(Files.exists(logDir)).as("temporary log directory exists after close").isFalse();
            assertThatCode(second::close).doesNotThrowAnyException();
        }
        try (Admin admin = admin(broker)) {
            assertThat(admin.listTopics().names().get()).doesNotContain("only-on-second");
        }
    }

    @Test
    @DisplayName("keeps a caller-supplied log directory on close and serves its topics again after a restart")
    void persistentLogDirectorySurvivesRestart(@TempDir Path dir) throws Exception {
        try (EmbeddedKafkaBroker first = EmbeddedKafkaBroker.builder().logDir(dir).build()) {
            first.start();
            first.createTopic("kept", 3, Map.of());
        }
        assertThat(dir).isDirectory();

        try (EmbeddedKafkaBroker restarted = EmbeddedKafkaBroker.builder().logDir(dir).build();
             Admin admin = startAndConnect(restarted)) {
            TopicDescription topic = admin.describeTopics(List.of("kept")).allTopicNames().get().get("kept");
            assertThat(topic.partitions()).hasSize(3);
        }
    }

    @Test
    @DisplayName("stops and restarts on the same address and log directory, with its records, and a waiting producer gets through")
    void stopAndRestartKeepAddressAndRecords() throws Exception {
        try (EmbeddedKafkaBroker restartable = EmbeddedKafkaBroker.builder().build()) {
            restartable.start();
            String address = restartable.bootstrapServers();
            restartable.createTopic("survives", 1, Map.of());
            Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, address,
                    ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                    new StringSerializer())) {
                producer.send(new ProducerRecord<>("survives", "k", "before")).get();

                restartable.stop();
                assertThat(restartable.bootstrapServers()).isEqualTo(address);
                assertThatThrownBy(() -> restartable.createTopic("refused", 1, Map.of()))
                        .isInstanceOf(IllegalStateException.class);
                // Sent while the broker is down: the producer retries until it is back. send() itself
                // may block on metadata until then, so it runs beside the restart, not before it.
                CompletableFuture<Future<RecordMetadata>> sending = CompletableFuture.supplyAsync(
                        () -> producer.send(new ProducerRecord<>("survives", "k", "during")));
                restartable.restart();
                sending.get(DEADLINE.toSeconds(), TimeUnit.SECONDS).get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
            }
            assertThat(restartable.bootstrapServers()).isEqualTo(address);
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, address), new StringDeserializer(), new StringDeserializer())) {
                TopicPartition partition = new TopicPartition("survives", 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                List<String> values = new ArrayList<>();
                long deadline = System.nanoTime() + DEADLINE.toNanos();
                while (values.size() < 2 && System.nanoTime() < deadline) {
                    consumer.poll(POLL).forEach(r -> values.add(r.value()));
                }
                assertThat(values).containsExactly("before", "during");
            }
        }
    }

    @Test
    @DisplayName("refuses at once, naming the port, when the requested port is taken")
    void requestedPortInUseFailsFast() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             EmbeddedKafkaBroker blocked = EmbeddedKafkaBroker.builder().port(taken.getLocalPort()).build()) {
            assertThatThrownBy(blocked::start)
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining(Integer.toString(taken.getLocalPort()));
        }
    }

    private static Admin startAndConnect(EmbeddedKafkaBroker target) {
        target.start();
        return admin(target);
    }

    private static List<String> readToEnd(String topic, String isolationLevel) {
        try (KafkaConsumer<String, String> consumer = consumer(Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel))) {
            Set<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .collect(Collectors.toSet());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // Under read_committed the end offset is the last stable offset, so this stops after the abort marker.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    values.add(record.value());
                }
            }
            return values;
        }
    }

    private static Admin admin(EmbeddedKafkaBroker target) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, target.bootstrapServers()));
    }

    private static KafkaProducer<String, String> producer(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
