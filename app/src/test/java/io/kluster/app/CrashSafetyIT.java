package io.kluster.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.kluster.app.broker.EmbeddedKafkaBroker;
import io.kluster.data.ClusterAssignment;
import io.kluster.data.ClusterAssignmentSerde;
import io.kluster.data.DeadLetterHeaders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety of the packaged program: {@code kluster run} in a child JVM, against a real broker
 * in this JVM, while a steady stream with bad records flows in. The child is killed with SIGKILL
 * at seeded-random moments and restarted on the same state directory, or the broker is stopped
 * and restarted under it; afterwards a read_committed consumer must find every valid id exactly
 * once among the assignments and every bad id exactly once among the dead letters.
 */
@Tag("process")
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class CrashSafetyIT {

    private static final int DIMENSION = 8;
    private static final int VALID_RECORDS = 20_000;
    private static final int BAD_EVERY = 97;
    private static final double RATE = 500;
    private static final int HELD_BACK = 2_000;
    private static final int PARTITIONS = 2;
    private static final long SEED = 20_261_123L;
    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(150);


    private final AtomicReference<String> haltRequest = new AtomicReference<>();

    @TempDir
    Path work;

    private EmbeddedKafkaBroker broker;
    private Admin admin;
    private Path logs;
    private final List<KlusterProcess> children = new ArrayList<>();

    @BeforeEach
    void startBroker(TestInfo test) throws Exception {
        // A fatal Kafka fault would otherwise halt the failsafe JVM and hide the cause.
        Exit.setHaltProcedure((status, message) -> {
            haltRequest.set(status + ": " + message);
            throw new IllegalStateException("Kafka asked to halt the JVM: " + message);
        });
        logs = Path.of(System.getProperty("kluster.it.dir", "target/it"), test.getTestMethod().orElseThrow().getName());
        broker = EmbeddedKafkaBroker.builder().logDir(work.resolve("kafka")).build();
        broker.start();
        broker.createTopic("in", PARTITIONS, Map.of());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (KlusterProcess child : children) {
            if (child.isAlive()) {
                child.kill();
            }
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (broker != null) {
            broker.close();
        }
        Exit.resetHaltProcedure();
        assertThat(haltRequest.get()).as("Kafka halt request").isNull();
    }

    @Test
    void sigkilledAndRestartedThreeTimesTheProgramAssignsEveryRecordExactlyOnce() throws Exception {
        Path model = saveModel();
        Path state = work.resolve("state");
        SteadyFeed feed = startFeed();
        SplittableRandom random = new SplittableRandom(SEED);

        KlusterProcess child = startChild(model, state);
        for (int kill = 1; kill <= 3; kill++) {
            // Kill while records are in flight: after a seeded number of new outputs since the start.
            awaitOutputGrowth(child, random.nextInt(300, 2_500));
            assertThat(child.isAlive()).as("child died on its own before kill %d; log %s:%n%s", kill, child.log(),
                    child.logTail(40)).isTrue();
            int exit = child.kill();
            assertThat(exit).as("exit status of the child after destroyForcibly (SIGKILL is 128 + 9)")
                    .isEqualTo(KlusterProcess.SIGKILL_EXIT);
            child = startChild(model, state);
        }
        feed.release();

        awaitFeed(feed);
        auditExactlyOnce(feed, child);
    }

    @Test
    void theProgramRidesOutBrokerRestartsAndAssignsEveryRecordExactlyOnce() throws Exception {
        Path model = saveModel();
        SteadyFeed feed = startFeed();
        SplittableRandom random = new SplittableRandom(SEED + 1);

        KlusterProcess child = startChild(model, work.resolve("state"));
        for (int restart = 1; restart <= 2; restart++) {
            awaitOutputGrowth(child, random.nextInt(500, 3_000));
            broker.stop();
            Thread.sleep(random.nextInt(2_000, 6_000));
            broker.restart();
            assertThat(child.isAlive()).as("child died while the broker was down (restart %d); log %s:%n%s", restart,
                    child.log(), child.logTail(40)).isTrue();
        }
        feed.release();

        awaitFeed(feed);
        auditExactlyOnce(feed, child);
        assertThat(child.isAlive()).as("child survived the broker restarts; log %s:%n%s", child.log(),
                child.logTail(40)).isTrue();
    }

    /**
     * Three instances of one application share two input partitions and the training partition.
     * The instance that runs the trainer is SIGKILLed while a retrain is in flight; another takes
     * the trainer over, state restored. Every record must still come out exactly once, and the
     * survivors must keep learning: a retrain published after the kill, and newer model versions on
     * the assignments.
     */
    @Test
    void threeInstancesOneSigkilledMidRetrainEveryRecordOnceAndTheSurvivorsKeepLearning() throws Exception {
        Path model = saveModel();
        SteadyFeed feed = startFeed();
        List<String> retraining = List.of(
                "-D", "num.stream.threads=1",
                "-D", "kluster.training.sample.rate=0.5", "-D", "kluster.buffer.records=2000",
                "-D", "kluster.retrain.every.records=2500", "-D", "kluster.retrain.interval.ms=0",
                // Long enough a retrain that the kill lands inside one.
                "-D", "kluster.retrain.epochs=400", "-D", "kluster.retrain.cpu.share=0.5");
        List<KlusterProcess> trio = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            trio.add(startChild(model, work.resolve("state-" + name), "trio", retraining));
        }
        awaitOutputGrowth(trio.get(0), 2_000);

        KlusterProcess victim = awaitRetrainInFlight(trio, Duration.ofSeconds(150));
        int versionAtKill = newestAssignedVersion();
        assertThat(victim.kill()).isEqualTo(KlusterProcess.SIGKILL_EXIT);
        List<KlusterProcess> survivors = trio.stream().filter(c -> c != victim).toList();
        Map<KlusterProcess, Integer> publishedAtKill = new HashMap<>();
        survivors.forEach(c -> publishedAtKill.put(c, count(c, PUBLISHED_BUNDLE)));
        feed.release();

        awaitFeed(feed);
        auditExactlyOnce(feed, survivors.get(0));
        long deadline = System.nanoTime() + PROGRESS_TIMEOUT.toNanos();
        while (survivors.stream().noneMatch(c -> count(c, PUBLISHED_BUNDLE) > publishedAtKill.get(c))
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(survivors).as("a survivor published a retrained model after the kill; logs %s",
                survivors.stream().map(KlusterProcess::log).toList())
                .anyMatch(c -> count(c, PUBLISHED_BUNDLE) > publishedAtKill.get(c));
        assertThat(newestAssignedVersion()).as("newest model version on the assignments, against %d at the kill",
                versionAtKill).isGreaterThan(versionAtKill);
        assertThat(survivors).allMatch(KlusterProcess::isAlive);
    }

    /** The trainer's line for a full bundle it published (a first model or a retrain). */
    private static final String PUBLISHED_BUNDLE = "TrainerProcessor - Published model v";

    /** The child whose trainer has started a retrain it has not published yet, once there is one. */
    private static KlusterProcess awaitRetrainInFlight(List<KlusterProcess> children, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (KlusterProcess child : children) {
                String last = null;
                for (String line : child.logLines()) {
                    if (line.contains("TrainerProcessor - Retraining model") || line.contains(PUBLISHED_BUNDLE)
                            || line.contains("TrainerProcessor - Training failed")) {
                        last = line;
                    }
                }
                if (last != null && last.contains("Retraining model")) {
                    return child;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no retrain started within " + timeout);
    }

    private static int count(KlusterProcess child, String text) {
        return (int) child.logLines().stream().filter(line -> line.contains(text)).count();
    }

    /** The newest model version among the committed assignments so far. */
    private int newestAssignedVersion() {
        ClusterAssignmentSerde serde = new ClusterAssignmentSerde();
        return readCommitted("out", Set.of()).stream()
                .mapToInt(r -> (int) serde.deserializer().deserialize("out", r.value()).modelVersion()).max().orElse(0);
    }

    /** A small model trained here, so the child assigns from its first record instead of waiting for a cold start. */
    private Path saveModel() throws Exception {
        return ThreeGroups.saveModel(work.resolve("model"), DIMENSION, SEED);
    }

    private SteadyFeed startFeed() {
        SteadyFeed feed = new SteadyFeed(broker.bootstrapServers(), "in", DIMENSION, VALID_RECORDS, BAD_EVERY, RATE,
                HELD_BACK, SEED);
        Thread thread = new Thread(feed, "steady-feed");
        thread.setDaemon(true);
        thread.start();
        return feed;
    }

    private KlusterProcess startChild(Path model, Path state) throws Exception {
        return startChild(model, state, "crash-safety", List.of());
    }

    private KlusterProcess startChild(Path model, Path state, String application, List<String> extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", "--bootstrap-servers", broker.bootstrapServers(),
                "--application-id", application, "--input-topic", "in", "--output-topic", "out",
                "--dead-letter-topic", "dlq", "--dimension", Integer.toString(DIMENSION), "--model", model.toString(),
                "--state-dir", state.toString(), "-D", "kluster.model.topic=models", "-D", "kluster.training.topic=training",
                "-D", "kluster.topic.partitions=" + PARTITIONS,
                // A killed member is noticed after the session timeout; the broker's minimum keeps restarts short.
                "-D", "session.timeout.ms=6000", "-D", "heartbeat.interval.ms=1500"));
        args.addAll(extra);
        KlusterProcess child = KlusterProcess.start(KlusterProcess.SMALL_JVM, args, logs.resolve("child-" + (children.size() + 1) + ".log"));
        children.add(child);
        return child;
    }

    /** Waits until the output topic grew by {@code records} (committed or not) while {@code child} runs. */
    private void awaitOutputGrowth(KlusterProcess child, int records) throws Exception {
        long before = outputEnd();
        long deadline = System.nanoTime() + PROGRESS_TIMEOUT.toNanos();
        while (outputEnd() < before + records) {
            if (!child.isAlive()) {
                fail("child exited with %d before making progress; log %s:%n%s", child.kill(), child.log(),
                        child.logTail(40));
            }
            if (System.nanoTime() > deadline) {
                fail("no %d new outputs within %s (from %d); log %s:%n%s", records, PROGRESS_TIMEOUT, before,
                        child.log(), child.logTail(40));
            }
            Thread.sleep(100);
        }
    }

    /** The sum of the output partitions' end offsets; 0 until the child created the topic. */
    private long outputEnd() throws Exception {
        if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains("out")) {
            return 0;
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition("out", p), OffsetSpec.latest());
        }
        return admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
    }

    private static void awaitFeed(SteadyFeed feed) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!feed.finished() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(feed.finished()).as("the feed finished within 2 minutes of its release").isTrue();
        assertThat(feed.failure()).as("the feed failed").isNull();
        assertThat(feed.sendFailures()).as("records the test's own producer could not deliver").isEmpty();
        assertThat(feed.validIds()).as("valid records sent").hasSize(VALID_RECORDS);
    }

    private void auditExactlyOnce(SteadyFeed feed, KlusterProcess child) {
        Set<String> valid = feed.validIds();
        Set<String> bad = feed.badIds();
        Map<String, Integer> assigned = new TreeMap<>();
        List<String> malformed = new ArrayList<>();
        ClusterAssignmentSerde serde = new ClusterAssignmentSerde();
        for (ConsumerRecord<String, byte[]> record : readCommitted("out", valid)) {
            assigned.merge(record.key(), 1, Integer::sum);
            ClusterAssignment a = serde.deserializer().deserialize("out", record.value());
            if (!a.id().equals(record.key()) || a.cluster() < 0 || a.cluster() > 2) {
                malformed.add(record.key() + " -> " + a);
            }
        }
        Map<String, Integer> deadLettered = new TreeMap<>();
        List<String> wrongReasons = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : readCommitted("dlq", bad)) {
            deadLettered.merge(record.key(), 1, Integer::sum);
            String reason = DeadLetterHeaders.read(record.headers(), DeadLetterHeaders.REASON);
            if (!SteadyFeed.expectedReason(record.key()).equals(reason)) {
                wrongReasons.add(record.key() + " -> " + reason);
            }
        }
        String where = " (first 50 shown; child log " + child.log() + ")";
        assertThat(missing(valid, assigned)).as("valid ids never assigned, of %d sent, %d assigned%s", valid.size(),
                assigned.size(), where).isEmpty();
        assertThat(duplicated(assigned)).as("valid ids assigned more than once" + where).isEmpty();
        assertThat(unexpected(assigned, valid)).as("assignments of ids that were not valid input").isEmpty();
        assertThat(malformed).as("assignments that do not name their id or a cluster of the model").isEmpty();
        assertThat(missing(bad, deadLettered)).as("bad ids never dead-lettered, of %d sent%s", bad.size(), where)
                .isEmpty();
        assertThat(duplicated(deadLettered)).as("bad ids dead-lettered more than once" + where).isEmpty();
        assertThat(unexpected(deadLettered, bad)).as("dead letters of ids that were not bad input").isEmpty();
        assertThat(wrongReasons).as("dead letters with the wrong reason").isEmpty();
    }

    /**
     * Reads {@code topic} from the start with isolation.level=read_committed until every expected
     * key came or the drain timeout passed, then on to the last stable offset, so a duplicate
     * committed after the last expected key is still seen.
     */
    private List<ConsumerRecord<String, byte[]>> readCommitted(String topic, Set<String> expected) {
        Map<String, Object> props = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Set<String> seen = new java.util.HashSet<>();
            long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
            while (!seen.containsAll(expected) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    out.add(record);
                    seen.add(record.key());
                }
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long settle = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < settle) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    private static List<String> missing(Set<String> expected, Map<String, Integer> counts) {
        return expected.stream().filter(id -> !counts.containsKey(id)).sorted().limit(50).toList();
    }

    private static Map<String, Integer> duplicated(Map<String, Integer> counts) {
        return counts.entrySet().stream().filter(e -> e.getValue() > 1).limit(50)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
    }

    private static List<String> unexpected(Map<String, Integer> counts, Set<String> expected) {
        return counts.keySet().stream().filter(id -> !expected.contains(id)).limit(50).toList();
    }
}
