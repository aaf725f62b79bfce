package io.kluster.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.kluster.app.broker.SharedBroker;
import io.kluster.data.FeatureRecord;
import io.kluster.data.FeatureRecordCodec;
import io.kluster.model.ModelBundle;
import io.kluster.model.ModelBundleCodec;
import io.kluster.topology.KlusterTopology;
import io.kluster.topology.PendingRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two instances of one application against a real broker: shared models, trainer failover, exactly once. */
class OnlineLearningIntegrationTest {

    private static final int DIMENSION = 4;
    private static final String PREFIX = "online";
    private static final String APPLICATION = "kluster-online";
    /** Topics of the three-instance test, apart from the two-instance test's. */
    private static final String TRIO = "trio";
    private static final int BUFFER = 300;
    @RegisterExtension
    static final SharedBroker KAFKA = new SharedBroker();

    @TempDir
    Path stateRoot;

    @Test
    void twoInstancesShareModelsAndTheTrainerMovesWithItsBuffer() throws Exception {
        KlusterConfig config = config(PREFIX);
        KlusterInstance a = KlusterInstance.start(config, KAFKA.bootstrapServers(), APPLICATION,
                stateRoot.resolve("a").toString(), DIMENSION, null, new SimpleMeterRegistry());
        KlusterInstance b = KlusterInstance.start(config, KAFKA.bootstrapServers(), APPLICATION,
                stateRoot.resolve("b").toString(), DIMENSION, null, new SimpleMeterRegistry());
        try {
            Set<String> ids = produce(0, 600);
            List<String> assigned = readAssignments(600, Duration.ofSeconds(120));
            assertThat(assigned).hasSize(600).doesNotHaveDuplicates();
            assertThat(new HashSet<>(assigned)).isEqualTo(ids);

            Await.until(() -> a.registry().version() >= 2 && a.registry().version() == b.registry().version(),
                    Duration.ofSeconds(30));
            assertThat(a.registry().current().centroids()).isDeepEqualTo(b.registry().current().centroids());

            KlusterInstance trainer = owner(PREFIX, a, b);
            KlusterInstance survivor = trainer == a ? b : a;
            long bufferBefore = bufferSize(trainer);
            assertThat(bufferBefore).isEqualTo(BUFFER);
            trainer.close();

            Await.until(() -> owner(PREFIX, survivor) != null, Duration.ofSeconds(60));
            assertThat(bufferSize(survivor)).as("the buffer restored on the new trainer").isEqualTo(bufferBefore);

            long versionBefore = survivor.registry().version();
            ids.addAll(produce(600, 400));
            List<String> all = readAssignments(1_000, Duration.ofSeconds(120));
            assertThat(all).hasSize(1_000).doesNotHaveDuplicates();
            assertThat(new HashSet<>(all)).isEqualTo(ids);
            Await.until(() -> survivor.registry().version() > versionBefore, Duration.ofSeconds(30));
        } finally {
            a.close();
            b.close();
        }
    }

    /**
     * Three instances, two input partitions and the training partition: three tasks, so at least one
     * instance holds no assignment task (only the trainer, or nothing). Each must still learn the
     * model the topic already holds, and the trainer, wherever it lands, must keep publishing.
     */
    @Test
    void everyInstanceLearnsTheCurrentModelWhateverTasksItHolds(@TempDir Path modelDir) throws Exception {
        KlusterConfig config = config(TRIO);
        ModelBundle model = ModelBundleCodec.load(ThreeGroups.saveModel(modelDir, DIMENSION, 5L));
        List<KlusterInstance> instances = new ArrayList<>();
        try {
            instances.add(KlusterInstance.start(config, KAFKA.bootstrapServers(), APPLICATION + "-" + TRIO,
                    stateRoot.resolve("a").toString(), DIMENSION, model, new SimpleMeterRegistry()));
            assertThat(instances.get(0).awaitRunning(Duration.ofSeconds(60))).isTrue();
            for (String name : List.of("b", "c")) {
                instances.add(KlusterInstance.start(config, KAFKA.bootstrapServers(), APPLICATION + "-" + TRIO,
                        stateRoot.resolve(name).toString(), DIMENSION, null, new SimpleMeterRegistry()));
            }
            Await.until(() -> instances.stream().allMatch(i -> i.streams().state() == KafkaStreams.State.RUNNING)
                    && tasks(instances) == 3, Duration.ofSeconds(90));
            assertThat(instances).as("instances that hold no input partition")
                    .anyMatch(i -> !holds(i, TRIO + "-in"));

            for (KlusterInstance instance : instances) {
                Await.until(() -> instance.registry().version() >= model.version(), Duration.ofSeconds(30));
            }
            KlusterInstance trainer = owner(TRIO, instances.toArray(KlusterInstance[]::new));
            long before = trainer.registry().version();
            produce(TRIO, 0, 300);
            assertThat(readAssignments(TRIO, 300, Duration.ofSeconds(120))).hasSize(300).doesNotHaveDuplicates();
            Await.until(() -> trainer.registry().version() > before, Duration.ofSeconds(30));
        } finally {
            instances.forEach(KlusterInstance::close);
        }
    }

    /** Active tasks over all instances. */
    private static long tasks(List<KlusterInstance> instances) {
        return instances.stream().flatMap(i -> i.streams().metadataForLocalThreads().stream())
                .mapToLong(thread -> thread.activeTasks().size()).sum();
    }

    /** Whether the instance's stream threads own a partition of {@code topic}. */
    private static boolean holds(KlusterInstance instance, String topic) {
        return instance.streams().metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .anyMatch(p -> p.topic().equals(topic));
    }

    /** The instance whose stream threads own the training partition, or null. */
    private static KlusterInstance owner(String prefix, KlusterInstance... instances) {
        for (KlusterInstance instance : instances) {
            if (holds(instance, prefix + "-training")) {
                return instance;
            }
        }
        return null;
    }

    /**
     * The trainer's buffer as interactive queries see it. A store is queryable only while its
     * thread is RUNNING; after a rebalance a thread may still be restoring, so this retries.
     */
    private static long bufferSize(KlusterInstance instance) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                ReadOnlyKeyValueStore<Long, PendingRecord> store = instance.streams().store(
                        StoreQueryParameters.fromNameAndType(KlusterTopology.TRAINING_BUFFER_STORE,
                                QueryableStoreTypes.<Long, PendingRecord>keyValueStore()));
                long n = 0;
                try (var all = store.all()) {
                    while (all.hasNext()) {
                        all.next();
                        n++;
                    }
                }
                return n;
            } catch (InvalidStateStoreException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static KlusterConfig config(String prefix) {
        Map<String, Object> flags = TestTopics.flags(prefix);
        flags.put(KlusterConfig.K, 3);
        flags.put(KlusterConfig.ENCODER_WIDTHS, "16,3");
        flags.put(KlusterConfig.PRETRAIN_EPOCHS, 10);
        flags.put(KlusterConfig.PRETRAIN_BATCH_SIZE, 32);
        flags.put(KlusterConfig.CLUSTER_EPOCHS, 5);
        flags.put(KlusterConfig.COLD_START_RECORDS, 100);
        flags.put(KlusterConfig.BATCH_SIZE, 32);
        flags.put(KlusterConfig.TRAINING_SAMPLE_RATE, 1.0);
        flags.put(KlusterConfig.BUFFER_RECORDS, BUFFER);
        flags.put(KlusterConfig.CENTROID_UPDATE_INTERVAL_MS, 500);
        flags.put(KlusterConfig.RETRAIN_EVERY_RECORDS, 300);
        flags.put(KlusterConfig.RETRAIN_EPOCHS, 2);
        return KlusterConfig.resolve(new Properties(), Map.of(), flags);
    }

    private static Set<String> produce(int from, int count) {
        return produce(PREFIX, from, count);
    }

    private static Set<String> produce(String prefix, int from, int count) {
        Set<String> ids = new HashSet<>();
        SplittableRandom random = new SplittableRandom(from);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = from; i < from + count; i++) {
                String id = "r-" + i;
                ids.add(id);
                float[] features = new float[DIMENSION];
                for (int j = 0; j < DIMENSION; j++) {
                    features[j] = (float) ((i % 3) * 4 + random.nextDouble(-1, 1));
                }
                producer.send(new ProducerRecord<>(prefix + "-in", id.getBytes(StandardCharsets.UTF_8),
                        FeatureRecordCodec.toJson(new FeatureRecord(id, features, null))));
            }
        }
        return ids;
    }

    /** The ids on the output topic, read_committed. */
    private static List<String> readAssignments(int expected, Duration timeout) {
        return readAssignments(PREFIX, expected, timeout);
    }

    private static List<String> readAssignments(String prefix, int expected, Duration timeout) {
        List<String> ids = new ArrayList<>();
        TopicReader.readCommitted(KAFKA.bootstrapServers(), prefix + "-out", expected, timeout).forEach(r -> ids.add(r.key()));
        return ids;
    }
}
