package io.kluster.app.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kluster.app.metrics.MetricsServer;
import io.kluster.data.FeatureRecord;
import io.kluster.data.FeatureRecordCodec;
import io.kluster.model.ModelBundle;
import io.kluster.model.ModelBundleCodec;
import io.kluster.model.ModelTrainer;
import io.kluster.model.PretrainConfig;
import io.kluster.model.TrainingListener;
import io.kluster.model.TrainingSettings;
import io.kluster.topology.BackgroundModelTrainer;
import io.kluster.topology.ClusterActivity;
import io.kluster.topology.KlusterMetrics;
import io.kluster.topology.KlusterTopology;
import io.kluster.topology.ModelRegistry;
import io.kluster.topology.OnlineLearningSettings;
import io.kluster.topology.RetrainSettings;
import io.kluster.topology.TopologySettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
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
            streamLabelledRecords(server);
            int port = server.start("127.0.0.1", 0, () -> true);
            scrape = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        }
        for (String metric : queried) {
            assertThat(scrape).as("the scrape has %s", metric).containsPattern("(?m)^" + metric + "[{ ]");
        }
    }

    /**
     * Runs the real topology (TopologyTestDriver) with its meters in the server's registry: a model,
     * then labelled records and a bad one, so per-cluster, latency and quality series exist as they
     * do in production.
     */
    private void streamLabelledRecords(MetricsServer server) throws Exception {
        int dimension = 4;
        TrainingSettings training = TrainingSettings.builder(3).widths("8,2")
                .pretrain(new PretrainConfig(20, 16, 1e-2f, 0f, 3L)).kmeansRestarts(3).seed(3L).build();
        float[][] rows = new float[120][dimension];
        String[] labels = new String[rows.length];
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < rows.length; i++) {
            int group = i % 3;
            labels[i] = Integer.toString(group);
            for (int j = 0; j < dimension; j++) {
                rows[i][j] = (float) (group * 3 + random.nextDouble(-1, 1));
            }
        }
        ModelBundle model = new ModelTrainer(training).train(rows, 1, TrainingListener.NONE);
        ModelRegistry models = new ModelRegistry();
        KlusterMetrics metrics = new KlusterMetrics(server.registry(), models, new ClusterActivity(100, 2));
        TopologySettings settings = TopologySettings.builder(dimension).batchSize(8).batchLinger(Duration.ofMillis(50))
                .build();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "kluster-dashboard-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("kluster-dashboard-").toString());
        try (BackgroundModelTrainer trainer = new BackgroundModelTrainer(training, RetrainSettings.of(1, 1, 1.0));
                TopologyTestDriver driver = new TopologyTestDriver(KlusterTopology.build(settings,
                        OnlineLearningSettings.DEFAULT, models, trainer, metrics), props)) {
            driver.createInputTopic(settings.modelTopic(), new StringSerializer(), new ByteArraySerializer())
                    .pipeInput(KlusterTopology.BUNDLE_KEY, ModelBundleCodec.toBytes(model));
            TestInputTopic<byte[], byte[]> input = driver.createInputTopic(settings.inputTopic(),
                    new ByteArraySerializer(), new ByteArraySerializer());
            for (int i = 0; i < rows.length; i++) {
                input.pipeInput(("r" + i).getBytes(StandardCharsets.UTF_8),
                        FeatureRecordCodec.toJson(new FeatureRecord("r" + i, rows[i], labels[i])));
            }
            input.pipeInput("bad".getBytes(StandardCharsets.UTF_8), "{".getBytes(StandardCharsets.UTF_8));
            driver.advanceWallClockTime(Duration.ofMillis(100));
        }
        assertThat(metrics.activity().snapshot().assigned()).isEqualTo(rows.length);
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
