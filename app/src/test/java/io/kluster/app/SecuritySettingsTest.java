package io.kluster.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.kluster.app.metrics.MetricsServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Specification of security settings: SASL and SSL client settings given in a config file or with
 * {@code -D} reach every Kafka client Kluster creates, and their secrets appear in no log line and
 * no message Kluster prints.
 */
class SecuritySettingsTest {

    private static final String JAAS_SECRET = "jaas-Pa55-7f3a";
    private static final String KEYSTORE_SECRET = "keystore-Pa55-91c2";
    private static final String TRUSTSTORE_SECRET = "truststore-Pa55-0d4e";
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"kluster\" password=\"" + JAAS_SECRET + "\";";

    @TempDir
    Path dir;

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Map<Logger, Level> savedLevels = new HashMap<>();

    @BeforeEach
    void captureEveryLogLine() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        captured.setContext(context);
        captured.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(captured);
        // Everything, Kafka's config dumps and client internals included: a secret must not show at any level.
        for (Logger logger : List.of(root, context.getLogger("io.kluster"), context.getLogger("org.apache.kafka"))) {
            savedLevels.put(logger, logger.getLevel());
            logger.setLevel(Level.DEBUG);
        }
    }

    @AfterEach
    void restoreLogging() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(captured);
        savedLevels.forEach(Logger::setLevel);
        captured.stop();
    }

    @Test
    void saslAndSslSettingsFromTheFileAndOverridesReachEveryClientOfKafkaStreams() throws IOException {
        KlusterConfig config = configOptions().resolve(Map.of());
        StreamsConfig streams = new StreamsConfig(StreamsProperties.of("127.0.0.1:9092", "app", dir.toString(),
                config.kafkaProperties()));

        List<Map<String, Object>> clients = List.of(
                streams.getMainConsumerConfigs("group", "client", 0),
                streams.getRestoreConsumerConfigs("client"),
                streams.getGlobalConsumerConfigs("client"),
                streams.getProducerConfigs("client"),
                streams.getAdminConfigs("client"));
        for (Map<String, Object> client : clients) {
            assertThat(client).containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
                    .containsEntry(SaslConfigs.SASL_MECHANISM, "PLAIN")
                    .containsKey(SaslConfigs.SASL_JAAS_CONFIG)
                    .containsEntry(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, KEYSTORE_SECRET)
                    .containsEntry(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, TRUSTSTORE_SECRET);
            assertThat(String.valueOf(client.get(SaslConfigs.SASL_JAAS_CONFIG))).contains(JAAS_SECRET);
        }
    }

    @Test
    void theTopicAdminAndTheModelPublisherGetTheSameSecuritySettings() throws IOException {
        Map<String, Object> kafka = configOptions().resolve(Map.of()).kafkaProperties();

        for (Map<String, Object> client : List.of(KlusterInstance.adminProperties(kafka, "127.0.0.1:9092"),
                KlusterInstance.clientOnly(kafka))) {
            assertThat(client).containsEntry(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL")
                    .containsEntry(SaslConfigs.SASL_MECHANISM, "PLAIN")
                    .containsEntry(SaslConfigs.SASL_JAAS_CONFIG, JAAS)
                    .containsEntry(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, KEYSTORE_SECRET)
                    .containsEntry(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, TRUSTSTORE_SECRET);
        }
        assertThat(KlusterInstance.clientOnly(kafka)).as("the publisher takes no Streams-only keys")
                .doesNotContainKey(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
    }

    @Test
    void startingAnInstanceWithSecretsLogsNoneOfThemEvenWhenItFails() throws IOException {
        Map<String, Object> flags = new HashMap<>(Map.of(KlusterConfig.INPUT_DIMENSION, 4));
        ConfigOptions options = configOptions();
        // SASL over plain TCP to a port where nobody listens: the clients are built (JAAS parsed, configs
        // logged) and then the first admin call times out.
        options.overrides.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        options.overrides.put(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, "1500");
        options.overrides.put(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, "1000");
        KlusterConfig config = options.resolve(flags);

        assertThatThrownBy(() -> KlusterInstance.start(config, "127.0.0.1:1", "secrets", dir.toString(), 4, null,
                new SimpleMeterRegistry()))
                .satisfies(e -> assertNoSecret("the exception", stackTrace(e)));
        // The clients' config dumps were logged, with the secrets masked by Kafka.
        assertThat(captured.list).extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(line -> assertThat(line).contains("sasl.jaas.config = [hidden]"));
        assertNoSecretLogged();
    }

    @Test
    void theRunCommandPrintsNoSecretWhenItFailsOrIsMisused() throws IOException {
        Path file = configFile();
        String[][] invocations = {
            {"run", "--bootstrap-servers", "127.0.0.1:1", "--dimension", "4", "--config", file.toString(),
                "-D", "security.protocol=SASL_PLAINTEXT", "-D", "default.api.timeout.ms=1500",
                "-D", "request.timeout.ms=1000", "-D", "ssl.keystore.password=" + KEYSTORE_SECRET},
            {"run", "--bootstrap-servers", "127.0.0.1:1", "-D", "sasl.jaas.config=" + JAAS, "--no-such-flag"},
            {"config", "-D", "sasl.jaas.config=" + JAAS, "-D", "ssl.keystore.password=" + KEYSTORE_SECRET},
            {"config"},
        };
        for (String[] args : invocations) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int status = Kluster.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
            assertThat(status).as("status of %s", args[0]).isIn(0, 1, 2);
            assertNoSecret("stdout of " + String.join(" ", args[0]), out.toString());
            assertNoSecret("stderr of " + String.join(" ", args[0]), err.toString());
        }
        assertNoSecretLogged();
    }

    @Test
    void aUsageErrorQuotesTheArgumentsBackWithTheirSecretsHidden() {
        StringWriter err = new StringWriter();
        int status = Kluster.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "config", "-D", "sasl.jaas.config=" + JAAS, "-Dssl.keystore.password=" + KEYSTORE_SECRET, "-D", "k=v");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("sasl.jaas.config=" + Secrets.HIDDEN)
                .contains("ssl.keystore.password=" + Secrets.HIDDEN).contains("k=v");
    }

    @Test
    void metricsEndpointsBoundToLoopbackAreNotReachableOnAnotherAddress() throws Exception {
        try (MetricsServer server = new MetricsServer()) {
            int port = server.start("127.0.0.1", 0, () -> true);
            assertThat(connects(InetAddress.getByName("127.0.0.1"), port)).isTrue();
            // Linux routes all of 127/8 to loopback: a server bound to every address would answer here too.
            assertThat(connects(InetAddress.getByName("127.0.0.2"), port))
                    .as("reachable on 127.0.0.2 although bound to 127.0.0.1").isFalse();
        }
    }

    private ConfigOptions configOptions() throws IOException {
        ConfigOptions options = new ConfigOptions();
        options.file = configFile();
        options.overrides.put(SslConfigs.SSL_KEYSTORE_PASSWORD_CONFIG, KEYSTORE_SECRET);
        return options;
    }

    private Path configFile() throws IOException {
        Properties file = new Properties();
        file.setProperty(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        file.setProperty(SaslConfigs.SASL_MECHANISM, "PLAIN");
        file.setProperty(SaslConfigs.SASL_JAAS_CONFIG, JAAS);
        file.setProperty(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, TRUSTSTORE_SECRET);
        Path path = dir.resolve("client.properties");
        try (var writer = Files.newBufferedWriter(path)) {
            file.store(writer, "test secrets");
        }
        return path;
    }

    private void assertNoSecretLogged() {
        for (ILoggingEvent event : List.copyOf(captured.list)) {
            String text = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertNoSecret("log line of " + event.getLoggerName() + " at " + event.getLevel(), text);
        }
    }

    private static void assertNoSecret(String where, String text) {
        for (String secret : List.of(JAAS_SECRET, KEYSTORE_SECRET, TRUSTSTORE_SECRET)) {
            assertThat(text).as("%s contains a secret", where).doesNotContain(secret);
        }
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
