package io.kluster.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kluster.app.broker.EmbeddedKafkaBroker;
import io.kluster.data.FeatureRecord;
import io.kluster.data.FeatureRecordCodec;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged program's HTTP endpoints while {@code kluster run} streams: liveness, readiness,
 * the Prometheus scrape with Kluster's and Kafka Streams' meters, and the live page's data.
 */
@Tag("process")
class RunEndpointsIT {

    private static final int DIMENSION = 16;
    private static final int RECORDS = 400;
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedKafkaBroker broker;
    private KlusterProcess child;

    @AfterEach
    void stop() throws Exception {
        if (child != null && child.isAlive()) {
            child.kill();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void aRunningInstanceIsHealthyReadyAndExposesItsMetersAndClusters() throws Exception {
        broker = EmbeddedKafkaBroker.builder().logDir(work.resolve("kafka")).build();
        broker.start();
        int port = freePort();
        child = KlusterProcess.start(KlusterProcess.SMALL_JVM, List.of("run", "--bootstrap-servers", broker.bootstrapServers(),
                "--application-id", "endpoints", "--dimension", Integer.toString(DIMENSION), "--model",
                ThreeGroups.saveModel(work.resolve("model"), DIMENSION, 1L).toString(), "--state-dir", work.resolve("state").toString(), "--metrics-port",
                Integer.toString(port), "--metrics-host", "127.0.0.1", "-D", "kluster.activity.window.records=100"),
                Path.of(System.getProperty("kluster.it.dir", "target/it"), "run-endpoints.log"));

        await(port, "/health", r -> r.statusCode() == 200, "liveness");
        await(port, "/ready", r -> r.statusCode() == 200, "readiness: Streams RUNNING with the model loaded");
        produceLabelledRecords();
        String scrape = await(port, "/metrics", r -> r.body().contains("kluster_records_assigned_total " + RECORDS + ".0"),
                "all records assigned").body();

        assertThat(scrape)
                .contains("kluster_records_in_total " + RECORDS + ".0")
                .contains("kluster_model_version 1.0")
                .containsPattern("kluster_cluster_size\\{cluster=\"0\"")
                .containsPattern("kluster_end_to_end_latency_seconds\\{quantile=\"0.99\"")
                .contains("kluster_reconstruction_error_count")
                .containsPattern("(?m)^kluster_prequential_accuracy [01]\\.\\d+")
                .containsPattern("(?m)^kafka_stream_\\w+")
                .contains("jvm_memory_used_bytes");

        assertThat(get(port, "/").body()).contains("<title>Kluster");
        JsonNode clusters = new ObjectMapper().readTree(get(port, "/api/clusters").body());
        assertThat(clusters.get("assigned").asLong()).isEqualTo(RECORDS);
        assertThat(clusters.get("clusters")).hasSize(ThreeGroups.K);
        assertThat(clusters.get("image").get("width").asInt()).as("16 features drawn as 4x4").isEqualTo(4);
        assertThat(clusters.get("quality").get("accuracy").asDouble()).as("three well-separated groups").isGreaterThan(0.9);
    }

    private void produceLabelledRecords() {
        float[][] rows = ThreeGroups.rows(RECORDS, DIMENSION, 2L);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                String id = "r" + i;
                producer.send(new ProducerRecord<>("kluster-input", id,
                        FeatureRecordCodec.toJson(new FeatureRecord(id, rows[i], Integer.toString(i % ThreeGroups.K)))));
            }
        }
    }

    private HttpResponse<String> await(int port, String path, Predicate<HttpResponse<String>> condition, String what)
            throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            assertThat(child.isAlive()).as("kluster run exited; log %s:%n%s", child.log(), child.logTail(40)).isTrue();
            try {
                last = get(port, path);
                if (condition.test(last)) {
                    return last;
                }
            } catch (IOException notListeningYet) {
                // the child is still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError(what + " not seen on " + path + " within " + TIMEOUT.toSeconds() + " s; last response "
                + (last == null ? "none" : last.statusCode() + " " + last.body().lines().limit(5).toList())
                + "; log:\n" + child.logTail(40));
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
