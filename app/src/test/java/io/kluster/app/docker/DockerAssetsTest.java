package io.kluster.app.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kluster.app.metrics.MetricsServer;
import io.kluster.topology.KlusterMetrics;
import io.kluster.topology.ModelRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What can be checked of the docker deployment without a Docker engine. */
class DockerAssetsTest {

    private static final Path DOCKER = Path.of("..", "docker");
    private static final Pattern METRIC = Pattern.compile("\\b((?:kluster|jvm|process|kafka)_[a-zA-Z0-9_]+)");

    @Test
    void everyMetricTheDashboardQueriesIsInALiveScrape() throws Exception {
        JsonNode dashboard = new ObjectMapper().readTree(DOCKER.resolve("grafana/dashboards/kluster.json").toFile());
        Set<String> queried = new TreeSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                Matcher m = METRIC.matcher(target.path("expr").asText());
                while (m.find()) {
                    queried.add(m.group(1));
                }
            }
        }
        assertThat(queried).isNotEmpty();

        String scrape;
        try (MetricsServer server = new MetricsServer()) {
            new KlusterMetrics(server.registry(), new ModelRegistry());
            // Quantile series appear once something was recorded.
            server.registry().find(KlusterMetrics.BATCH_SIZE).summary().record(64);
            server.registry().find(KlusterMetrics.EMBED_ASSIGN_LATENCY).timer().record(Duration.ofMillis(3));
            int port = server.start("127.0.0.1", 0, () -> true);
            scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        }
        for (String metric : queried) {
            assertThat(scrape).as("the scrape has %s", metric).containsPattern("(?m)^" + metric + "[{ ]");
        }
    }

    @Test
    void theImageBuildsTheJarTheReadmeBuilds() throws Exception {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(readme).contains("mvn -B package -DskipTests");
        assertThat(dockerfile).contains("RUN mvn -B package -DskipTests")
                .contains("COPY --from=build /src/app/target/kluster.jar")
                .contains("USER kluster")
                .contains("HEALTHCHECK");
    }

    @Test
    void prometheusScrapesBothInstancesOnTheirMetricsPort() throws Exception {
        String prometheus = Files.readString(DOCKER.resolve("prometheus.yml"));
        String compose = Files.readString(DOCKER.resolve("docker-compose.yml"));
        assertThat(prometheus).contains("kluster-1:8080").contains("kluster-2:8080");
        assertThat(compose).contains("\"--metrics-port\", \"8080\"").contains("apache/kafka");
    }
}
