package io.kluster.app.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) running inside this JVM.
 *
 * <p><b>Host JVM hazard:</b> Kafka handles fatal metadata faults with {@code ProcessTerminatingFaultHandler}, which
 * calls {@link org.apache.kafka.common.utils.Exit#halt(int, String)}; in-process that halts the <em>host</em> JVM
 * without running shutdown hooks. This class deliberately leaves the global {@code Exit} procedures alone, because
 * for the standalone {@code broker} command a halted process is the right outcome. Tests that must survive such a
 * fault can install {@code Exit.setHaltProcedure} themselves.
 *
 * <p>Several instances may run at once in one JVM on different ports; they share Kafka's global Yammer metrics
 * registry, so broker JMX metrics are only meaningful with a single instance.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private static final String LOOPBACK = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final int MAX_START_ATTEMPTS = 3;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration ADMIN_CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ADMIN_RETRY_PAUSE = Duration.ofMillis(50);

    private static final String META_PROPERTIES = "meta.properties";
    private static final String META_CLUSTER_ID = "cluster.id";

    static final String PROCESS_ROLES = "process.roles";
    static final String NODE_ID_CONFIG = "node.id";
    static final String CONTROLLER_QUORUM_VOTERS = "controller.quorum.voters";
    static final String LISTENERS = "listeners";
    static final String ADVERTISED_LISTENERS = "advertised.listeners";
    static final String CONTROLLER_LISTENER_NAMES = "controller.listener.names";
    static final String INTER_BROKER_LISTENER_NAME = "inter.broker.listener.name";
    static final String LISTENER_SECURITY_PROTOCOL_MAP = "listener.security.protocol.map";
    static final String LOG_DIRS = "log.dirs";
    static final String METADATA_LOG_DIR = "metadata.log.dir";
    static final String OFFSETS_TOPIC_REPLICATION_FACTOR = "offsets.topic.replication.factor";
    static final String OFFSETS_TOPIC_NUM_PARTITIONS = "offsets.topic.num.partitions";
    static final String TRANSACTION_STATE_LOG_REPLICATION_FACTOR = "transaction.state.log.replication.factor";
    static final String TRANSACTION_STATE_LOG_MIN_ISR = "transaction.state.log.min.isr";
    static final String TRANSACTION_STATE_LOG_NUM_PARTITIONS = "transaction.state.log.num.partitions";
    static final String SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR =
            "share.coordinator.state.topic.replication.factor";
    static final String SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR = "share.coordinator.state.topic.min.isr";
    static final String GROUP_INITIAL_REBALANCE_DELAY_MS = "group.initial.rebalance.delay.ms";
    static final String LOG_CLEANER_DEDUPE_BUFFER_SIZE = "log.cleaner.dedupe.buffer.size";

    private final int requestedPort;
    private final Path requestedLogDir;
    private final Map<String, String> overrides;

    private State state = State.NEW;
    private Path logDir;
    private boolean ownsLogDir;
    private int brokerPort;
    private int controllerPort;
    private KafkaRaftServer server;
    private Admin admin;

    private enum State { NEW, STARTED, STOPPED, CLOSED }

    private EmbeddedKafkaBroker(Builder builder) {
        this.requestedPort = builder.port;
        this.requestedLogDir = builder.logDir;
        this.overrides = Map.copyOf(builder.brokerProperties);
    }

    /** Returns a builder; defaults are a free loopback port and a temporary log directory. */
    public static Builder builder() {
        return new Builder();
    }

    /** Formats the log directory if needed, starts the broker and returns once an Admin client can describe it. */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("Broker can be started only once; state is " + state);
        }
        long begin = System.nanoTime();
        try {
            logDir = requestedLogDir != null ? Files.createDirectories(requestedLogDir)
                    : Files.createTempDirectory("kluster-kafka-");
            ownsLogDir = requestedLogDir == null;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Kafka log directory", e);
        }
        state = State.STARTED;
        try {
            startServerWithPortRetry();
            connectAdmin();
            awaitReady();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        LOG.info("Embedded Kafka broker ready at {} in {} ms (log dir {})", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin), logDir);
    }

    /**
     * Stops the broker but keeps its ports and log directory, so that {@link #restart()} brings the same broker
     * back where clients left it; for fault-injection tests. Clients see the broker as unreachable meanwhile.
     */
    public synchronized void stop() {
        requireStarted();
        closeAdmin();
        stopServer();
        state = State.STOPPED;
        LOG.info("Embedded Kafka broker at {} stopped; log dir {} kept for a restart", bootstrapServers(), logDir);
    }

    /**
     * Starts a broker stopped by {@link #stop()} again on the same ports and log directory, and returns once an
     * Admin client can describe it; its topics, committed offsets and transactions are as the stop left them.
     */
    public synchronized void restart() {
        if (state != State.STOPPED) {
            throw new IllegalStateException("Only a stopped broker can be restarted; state is " + state);
        }
        long begin = System.nanoTime();
        state = State.STARTED;
        try {
            // The same ports, not fresh ones: clients and the controller quorum only know the old addresses.
            startServer(brokerPort, controllerPort);
            connectAdmin();
            awaitReady();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        LOG.info("Embedded Kafka broker restarted at {} in {} ms", bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin));
    }

    /** Returns the client bootstrap address, {@code 127.0.0.1:PORT}; valid once started, and while stopped. */
    public synchronized String bootstrapServers() {
        if (state != State.STOPPED) {
            requireStarted();
        }
        return LOOPBACK + ":" + brokerPort;
    }

    /** Returns the directory holding the data and metadata logs; valid once started. */
    public synchronized Path logDir() {
        if (logDir == null) {
            throw new IllegalStateException("Broker has not been started");
        }
        return logDir;
    }

    /** Creates a topic with replication factor 1 and waits until every partition has a leader; an existing topic is fine. */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        Objects.requireNonNull(name, "name");
        Admin client;
        synchronized (this) {
            requireStarted();
            client = admin;
        }
        NewTopic topic = new NewTopic(name, Optional.of(partitions), Optional.of((short) 1))
                .configs(configs == null ? Map.of() : configs);
        try {
            client.createTopics(List.of(topic)).all().get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.debug("Created topic {} with {} partitions", name, partitions);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new KafkaException("Cannot create topic " + name, e.getCause());
            }
            LOG.debug("Topic {} already exists", name);
        } catch (TimeoutException e) {
            throw new KafkaException("Timed out creating topic " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while creating topic " + name, e);
        }
        // The controller acknowledges creation before the broker has loaded leadership, so a producer could
        // otherwise see UNKNOWN_TOPIC_OR_PARTITION on its first send.
        awaitLeaders(client, name);
    }

    /** Stops the broker, waits for it, and deletes the log directory if it was a temporary one; repeat calls do nothing. */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        closeAdmin();
        boolean wasRunning = stopServer();
        if (ownsLogDir && logDir != null) {
            deleteRecursively(logDir);
        }
        if (wasRunning) {
            LOG.info("Embedded Kafka broker stopped");
        }
    }

    private void connectAdmin() {
        admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LOOPBACK + ":" + brokerPort,
                AdminClientConfig.CLIENT_ID_CONFIG, "kluster-embedded-broker-admin"));
    }

    private void closeAdmin() {
        if (admin != null) {
            try {
                admin.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.warn("Closing the broker admin client failed", e);
            }
            admin = null;
        }
    }

    private void startServerWithPortRetry() {
        for (int attempt = 1; ; attempt++) {
            int[] ports = freePorts(requestedPort);
            brokerPort = ports[0];
            controllerPort = ports[1];
            try {
                startServer(ports[0], ports[1]);
                return;
            } catch (RuntimeException e) {
                stopServer();
                // Ports are chosen by closing a probe socket and binding later, so another process can win the race.
                if (!isBindFailure(e) || attempt >= MAX_START_ATTEMPTS) {
                    throw e;
                }
                LOG.warn("Kafka could not bind ports {} and {} (attempt {} of {}); retrying on new ports",
                        ports[0], ports[1], attempt, MAX_START_ATTEMPTS);
                if (ownsLogDir) {
                    clearDirectory(logDir);
                }
            }
        }
    }

    private void startServer(int port, int controllerPort) {
        Path dataDir = logDir.resolve("data");
        Path metadataDir = logDir.resolve("metadata");
        KafkaConfig config = new KafkaConfig(brokerConfig(port, controllerPort, dataDir, metadataDir), false);
        format(config, dataDir, existingClusterId(dataDir, metadataDir));
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
    }

    private Map<String, String> brokerConfig(int port, int controllerPort, Path dataDir, Path metadataDir) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(PROCESS_ROLES, "broker,controller");
        props.put(NODE_ID_CONFIG, Integer.toString(NODE_ID));
        props.put(CONTROLLER_QUORUM_VOTERS, NODE_ID + "@" + LOOPBACK + ":" + controllerPort);
        props.put(LISTENERS, BROKER_LISTENER + "://" + LOOPBACK + ":" + port + ","
                + CONTROLLER_LISTENER + "://" + LOOPBACK + ":" + controllerPort);
        props.put(ADVERTISED_LISTENERS, BROKER_LISTENER + "://" + LOOPBACK + ":" + port);
        props.put(CONTROLLER_LISTENER_NAMES, CONTROLLER_LISTENER);
        props.put(INTER_BROKER_LISTENER_NAME, BROKER_LISTENER);
        props.put(LISTENER_SECURITY_PROTOCOL_MAP, BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put(LOG_DIRS, dataDir.toAbsolutePath().toString());
        props.put(METADATA_LOG_DIR, metadataDir.toAbsolutePath().toString());
        // A single node can hold only one replica of each internal topic.
        props.put(OFFSETS_TOPIC_REPLICATION_FACTOR, "1");
        props.put(TRANSACTION_STATE_LOG_REPLICATION_FACTOR, "1");
        props.put(TRANSACTION_STATE_LOG_MIN_ISR, "1");
        props.put(SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR, "1");
        props.put(SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR, "1");
        // The default 50 partitions per internal topic make the first group join and first transaction slow.
        props.put(OFFSETS_TOPIC_NUM_PARTITIONS, "1");
        props.put(TRANSACTION_STATE_LOG_NUM_PARTITIONS, "1");
        // Nobody else will join: waiting for more members only delays every first rebalance.
        props.put(GROUP_INITIAL_REBALANCE_DELAY_MS, "0");
        // The 128 MiB default is allocated up front; 2 MiB keeps the broker's live heap near 35 MB.
        props.put(LOG_CLEANER_DEDUPE_BUFFER_SIZE, "2097152");
        props.putAll(overrides);
        return props;
    }

    /** Returns the cluster id recorded by an earlier run in a reused log directory, if any. */
    private static Optional<String> existingClusterId(Path... dirs) {
        for (Path dir : dirs) {
            Path metaFile = dir.resolve(META_PROPERTIES);
            if (Files.isRegularFile(metaFile)) {
                Properties meta = new Properties();
                try (Reader reader = Files.newBufferedReader(metaFile)) {
                    meta.load(reader);
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + metaFile, e);
                }
                String clusterId = meta.getProperty(META_CLUSTER_ID);
                if (clusterId != null && !clusterId.isBlank()) {
                    return Optional.of(clusterId);
                }
            }
        }
        return Optional.empty();
    }

    private static void format(KafkaConfig config, Path dataDir, Optional<String> existingClusterId) {
        try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
            new Formatter()
                    .setPrintStream(quiet)
                    .setNodeId(NODE_ID)
                    // A reused directory must keep its cluster id: the server rejects directories that disagree.
                    .setClusterId(existingClusterId.orElseGet(() -> Uuid.randomUuid().toString()))
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setHasDynamicQuorum(false)
                    // A caller-supplied log directory keeps its data across restarts, so it may already be formatted.
                    .setIgnoreFormatted(true)
                    .addDirectory(dataDir.toAbsolutePath().toString())
                    // The Formatter only formats directories in this set, and the server refuses an unformatted one.
                    .addDirectory(config.metadataLogDir())
                    .run();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new KafkaException("Cannot format Kafka log directories under " + dataDir.getParent(), e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (!admin.describeCluster().nodes().get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).isEmpty()) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
            }
            pause();
        }
        throw new IllegalStateException("Kafka broker not ready within " + READY_TIMEOUT, last);
    }

    private static void awaitLeaders(Admin client, String topic) {
        long deadline = System.nanoTime() + ADMIN_CALL_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                TopicDescription description = client.describeTopics(List.of(topic)).allTopicNames()
                        .get(ADMIN_CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
                if (description.partitions().stream().map(TopicPartitionInfo::leader).allMatch(Objects::nonNull)) {
                    return;
                }
            } catch (ExecutionException | TimeoutException e) {
                last = e;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("Interrupted while waiting for topic " + topic, e);
            }
            pause();
        }
        throw new KafkaException("Topic " + topic + " has no leader within " + ADMIN_CALL_TIMEOUT, last);
    }

    private boolean stopServer() {
        KafkaRaftServer running = server;
        server = null;
        if (running == null) {
            return false;
        }
        try {
            running.shutdown();
            running.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Kafka broker shutdown failed", e);
        }
        return true;
    }

    private void requireStarted() {
        if (state != State.STARTED || server == null) {
            throw new IllegalStateException("Broker is not running; state is " + state);
        }
    }

    /** Picks the broker port (a free one when {@code requested} is 0) and a distinct free controller port. */
    private static int[] freePorts(int requested) {
        InetAddress loopback;
        try {
            loopback = InetAddress.getByName(LOOPBACK);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Both probes stay open together so the two ports cannot coincide; probing a requested port turns
        // "already in use" into an immediate, clear error instead of three doomed start attempts.
        try (ServerSocket first = bind(requested, loopback);
             ServerSocket second = bind(0, loopback)) {
            return new int[] {first.getLocalPort(), second.getLocalPort()};
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot release probe sockets", e);
        }
    }

    private static ServerSocket bind(int port, InetAddress address) {
        try {
            return new ServerSocket(port, 1, address);
        } catch (IOException e) {
            throw new UncheckedIOException(port == 0 ? "Cannot find a free loopback port"
                    : "Port " + port + " on " + LOOPBACK + " is not available", e);
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || (t.getMessage() != null && t.getMessage().contains("failed to bind"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    private static void pause() {
        try {
            Thread.sleep(ADMIN_RETRY_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the Kafka broker", e);
        }
    }

    private static void clearDirectory(Path dir) {
        try (Stream<Path> children = Files.list(dir)) {
            children.forEach(EmbeddedKafkaBroker::deleteRecursively);
        } catch (IOException e) {
            LOG.warn("Cannot clear {}", dir, e);
        }
    }

    private static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.warn("Cannot delete {}", path, e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("Cannot delete {}", root, e);
        }
    }

    /** Configures an {@link EmbeddedKafkaBroker}. */
    public static final class Builder {
        private int port;
        private Path logDir;
        private final Map<String, String> brokerProperties = new HashMap<>();

        private Builder() {
        }

        /** Sets the client port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("Port out of range: " + port);
            }
            this.port = port;
            return this;
        }

        /** Sets a persistent log directory kept on close; null (the default) uses a temporary one deleted on close. */
        public Builder logDir(Path logDir) {
            this.logDir = logDir;
            return this;
        }

        /** Adds or overrides one broker config; applied after the built-in defaults. */
        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Creates the (not yet started) broker. */
        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(this);
        }
    }
}
