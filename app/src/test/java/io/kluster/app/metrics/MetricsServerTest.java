package io.kluster.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.kluster.topology.KlusterMetrics;
import io.kluster.topology.ModelRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
                    .contains("jvm_memory_used_bytes");
            assertThat(get(port, "/health").statusCode()).isEqualTo(200);
            assertThat(get(port, "/ready").statusCode()).isEqualTo(503);
            ready.set(true);
            assertThat(get(port, "/ready").statusCode()).isEqualTo(200);
        }
    }

    private HttpResponse<String> get(int port, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
