package io.kluster.app.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kluster.app.CliRun;
import io.kluster.cluster.KMeans;
import io.kluster.cluster.KMeansResult;
import io.kluster.data.Dataset;
import io.kluster.data.DatasetReader;
import io.kluster.model.ModelBundleCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kmeans}: the raw-feature baseline, and with {@code --model} the partitions a model's embeddings support. */
class KMeansCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void clustersTheRawFeaturesAndReportsInertiaAndSizes() throws IOException {
        Path data = BlobsCsv.write(dir, 6, 300, 3);
        Dataset dataset = DatasetReader.read(data);
        KMeansResult expected = KMeans.builder().k(3).restarts(2).seed(9).build().fit(dataset.features());

        JsonNode summary = jsonSummary("kmeans", "--data", data.toString(), "--k", "3", "--restarts", "2",
                "--seed", "9", "--json");

        assertThat(summary.get("method").asText()).isEqualTo("kmeans-raw");
        assertThat(summary.get("inertia").asDouble()).isCloseTo(expected.inertia(), Offset.offset(1e-9 * expected.inertia()));
        assertThat(sum(summary.get("cluster_sizes"))).isEqualTo(300);
        assertThat(summary.get("acc").asDouble()).isGreaterThan(0.9);
    }

    @Test
    void withAModelItClustersTheEmbeddingsTheModelClustersOn() throws IOException {
        Path data = BlobsCsv.write(dir, 6, 300, 3);
        Path model = trainAeKmeans(data, "5", "16,3");
        ClusteringReport report = ClusteringReport.of(ModelBundleCodec.load(model), DatasetReader.read(data));
        float[][] embeddings = new float[300][];
        for (int i = 0; i < embeddings.length; i++) {
            embeddings[i] = report.embedding(i);
        }
        KMeansResult expected = KMeans.builder().k(3).restarts(1).seed(4).build().fit(embeddings);

        JsonNode summary = jsonSummary("kmeans", "--data", data.toString(), "--model", model.toString(), "--k",
                "3", "--restarts", "1", "--seed", "4", "--json");

        assertThat(summary.get("method").asText()).isEqualTo("kmeans-embedding");
        assertThat(summary.get("inertia").asDouble()).isCloseTo(expected.inertia(), Offset.offset(1e-9 * expected.inertia()));
    }

    @Test
    void aModelOfAnotherDimensionIsAOneLineError() throws IOException {
        Path model = trainAeKmeans(BlobsCsv.write(dir, 6, 60, 3), "1", "8,2");
        Path wide = BlobsCsv.write(dir, 7, 60, 3);

        CliRun r = CliRun.of("kmeans", "--data", wide.toString(), "--model", model.toString(), "--k", "3");

        assertThat(r.status()).isNotZero();
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.err()).contains("7 features").doesNotContain("Exception");
    }

    /** Trains an ae-kmeans model of three clusters on {@code data} and returns its directory. */
    private Path trainAeKmeans(Path data, String epochs, String widths) {
        Path model = dir.resolve("model");
        CliRun r = CliRun.of("train", "--data", data.toString(), "--k", "3", "--method", "ae-kmeans", "--epochs", epochs,
                "--widths", widths, "--threads", "1", "--out", model.toString());
        assertThat(r.status()).as(r.err()).isZero();
        return model;
    }

    /** Runs the command line and parses the last line it printed to System.out, where results go. */
    private static JsonNode jsonSummary(String... args) throws IOException {
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        CliRun r;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            r = CliRun.of(args);
        } finally {
            System.setOut(original);
        }
        assertThat(r.status()).as(r.err()).isZero();
        String[] lines = printed.toString(StandardCharsets.UTF_8).strip().split("\n");
        return JSON.readTree(lines[lines.length - 1]);
    }

    private static int sum(JsonNode array) {
        int total = 0;
        for (JsonNode n : array) {
            total += n.asInt();
        }
        return total;
    }
}
