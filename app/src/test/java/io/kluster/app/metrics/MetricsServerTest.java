package io.kluster.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kluster.cluster.ClusterEvent;
import io.kluster.cluster.ClusterLineage;
import io.kluster.model.EncoderSpec;
import io.kluster.model.FeatureScaler;
import io.kluster.model.ModelBundle;
import io.kluster.topology.AssignedBatch;
import io.kluster.topology.ClusterActivity;
import io.kluster.topology.KlusterMetrics;
import io.kluster.topology.ModelRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MetricsServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesPrometheusHealthAndReadinessOnLoopback() throws Exception {
        AtomicBoolean ready = new AtomicBoolean(false);
        try (MetricsServer server = new MetricsServer()) {
            new KlusterMetrics(server.registry(), new ModelRegistry());
            int port = server.start("127.0.0.1", 0, ready::get);

            HttpResponse<String> metrics = get(port, "/metrics");
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body())
                    .contains("kluster_records_in_total")
                    .contains("kluster_records_dead_lettered_total{reason=\"invalid-json\"}")
                    .contains("kluster_model_version")
                    .contains("kluster_end_to_end_latency_seconds")
                    .contains("kluster_reconstruction_error")
                    .contains("kluster_prequential_accuracy")
                    .contains("jvm_memory_used_bytes");
            assertThat(get(port, "/health").statusCode()).isEqualTo(200);
            assertThat(get(port, "/ready").statusCode()).isEqualTo(503);
            ready.set(true);
            assertThat(get(port, "/ready").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void servesTheLivePageAndTheActivityItPolls() throws Exception {
        ClusterLineage lineage = ClusterLineage.created(new int[] {1, 2, 3}, new long[] {5, 4, 6}, 1).then(List.of(
                new ClusterEvent(2, ClusterEvent.Kind.MERGED, new int[] {1, 2}, new long[] {5, 4})), 4);
        ModelBundle model = new ModelBundle(7, "kmeans", EncoderSpec.none(2), FeatureScaler.identity(2), new byte[0], null,
                new float[][] {{0, 0}, {1, 1}}, 1.0, new int[] {1, 3},
                Map.of("k_selection", "stability", "k_range", "2..30"), 0L, null, lineage);
        ClusterActivity activity = new ClusterActivity(100, 2);
        float[] image = new float[16];
        image[5] = 255f;
        activity.recordBatch(new AssignedBatch(7, new int[] {0, 1}, new float[][] {{0, 0}, {1, 1}}, 2, new int[] {1, 1},
                new float[] {0.5f, 0.7f}, new float[][] {image, image}, new String[] {"a", "a"}, null, null, null));
        try (MetricsServer server = new MetricsServer()) {
            int port = server.start("127.0.0.1", 0, () -> true, new ClusterPage(activity, new ImageShape(4, 4),
                    () -> model));

            HttpResponse<String> page = get(port, "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(page.body()).contains("<title>Kluster").contains("api/clusters");

            HttpResponse<String> api = get(port, "/api/clusters");
            assertThat(api.statusCode()).isEqualTo(200);
            JsonNode json = new ObjectMapper().readTree(api.body());
            assertThat(json.get("modelVersion").asLong()).isEqualTo(7);
            assertThat(json.get("k").asInt()).isEqualTo(2);
            assertThat(json.get("kChoice").asText()).isEqualTo("stability in 2..30");
            JsonNode changes = json.get("clusterEvents");
            assertThat(changes).as("newest first").hasSize(4);
            assertThat(changes.get(0).get("event").asText()).isEqualTo("merged");
            assertThat(changes.get(0).get("ids").toString()).isEqualTo("[1,2]");
            assertThat(changes.get(0).get("sizes").toString()).isEqualTo("[5,4]");
            assertThat(changes.get(3).get("event").asText()).isEqualTo("created");
            assertThat(changes.get(3).get("ids").toString()).isEqualTo("[1]");
            assertThat(json.get("image").get("width").asInt()).isEqualTo(4);
            assertThat(json.get("clusters")).hasSize(2);
            JsonNode busy = json.get("clusters").get(1);
            assertThat(busy.get("size").asInt()).isEqualTo(2);
            assertThat(busy.get("meanConfidence").asDouble()).isCloseTo(0.6, within(1e-6));
            byte[] gray = Base64.getDecoder().decode(busy.get("images").get(0).asText());
            assertThat(gray).hasSize(16);
            assertThat(gray[5]).isEqualTo((byte) 255);
            assertThat(gray[0]).isZero();
            assertThat(json.get("clusters").get(0).get("meanConfidence").isNull()).isTrue();

            assertThat(get(port, "/nothing-here").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void withoutAPageTheRootIsNotServed() throws Exception {
        try (MetricsServer server = new MetricsServer()) {
            int port = server.start("127.0.0.1", 0, () -> true);

            assertThat(get(port, "/").statusCode()).isEqualTo(404);
            assertThat(get(port, "/api/clusters").statusCode()).isEqualTo(404);
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
