package io.kluster.app.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kluster.app.ConfigOptions;
import io.kluster.app.RunCommand;
import io.kluster.cluster.ClusteringMetrics;
import io.kluster.cluster.KMeans;
import io.kluster.cluster.KMeansResult;
import io.kluster.cluster.LabelIndex;
import io.kluster.data.Dataset;
import io.kluster.model.ModelBundle;
import java.util.Map;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kluster kmeans}: k-means++ on the raw features, the baseline every deep method must beat, or on a
 * model's embeddings, to see which partitions they support.
 */
@Command(name = "kmeans", mixinStandardHelpOptions = true,
        description = "Cluster a dataset's raw features (or, with --model, a model's embeddings of it) with k-means++ "
                + "(the baseline for the deep methods) and report the inertia, the cluster sizes, and ACC, NMI and ARI "
                + "when the data has labels.")
public final class KMeansCommand implements Callable<Integer> {

    @Mixin
    DatasetOption data;

    @Option(names = "--k", required = true, description = "Number of clusters.")
    int k;

    @Option(names = "--restarts", defaultValue = "10", description = "k-means++ restarts; the best by inertia wins "
            + "(default: ${DEFAULT-VALUE}).")
    int restarts;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--model", paramLabel = "DIR", description = "Cluster this model's embeddings of the records, "
            + "as its clustering sees them (on the sphere when the model is spherical), instead of the raw features.")
    Path modelDir;

    @Option(names = "--json", description = "End with one JSON summary object on the last line of stdout.")
    boolean json;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        ModelBundle model = modelDir == null ? null : RunCommand.loadModel(modelDir);
        LoadedData loaded = data.load(config.resolve(Map.of()), model == null ? null : model.schema());
        Dataset dataset = loaded.dataset();
        float[][] points = dataset.features();
        String space = loaded.namedFields() ? "encoded fields" : "raw features";
        if (model != null) {
            ClusteringReport report = ClusteringReport.of(model, dataset);
            points = new float[dataset.size()][];
            for (int i = 0; i < points.length; i++) {
                points[i] = report.embedding(i);
            }
            space = "embeddings of " + modelDir;
        }
        long start = System.nanoTime();
        KMeansResult result = KMeans.builder().k(k).restarts(restarts).seed(seed).build().fit(points);
        double seconds = (System.nanoTime() - start) / 1e9;
        int[] sizes = new int[k];
        for (int label : result.labels()) {
            sizes[label]++;
        }
        Double acc = null;
        Double nmi = null;
        Double ari = null;
        if (dataset.hasLabels()) {
            int[] truth = LabelIndex.encode(dataset.labels());
            acc = ClusteringMetrics.accuracy(truth, result.labels());
            nmi = ClusteringMetrics.nmi(truth, result.labels());
            ari = ClusteringMetrics.adjustedRandIndex(truth, result.labels());
        }
        System.out.printf("k-means++ on %s: %,d records, k=%d, %d restarts, %.1f s%n", space, dataset.size(), k,
                restarts, seconds);
        System.out.printf("  inertia           %.6g%n", result.inertia());
        System.out.printf("  cluster sizes     %s%n", Arrays.toString(sizes));
        if (acc != null) {
            System.out.printf("  quality           ACC %.3f  NMI %.3f  ARI %.3f%n", acc, nmi, ari);
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode summary = mapper.createObjectNode();
            summary.put("method", modelDir != null ? "kmeans-embedding" : loaded.namedFields() ? "kmeans-encoded"
                    : "kmeans-raw");
            summary.put("k", k);
            summary.put("n", dataset.size());
            summary.put("acc", acc);
            summary.put("nmi", nmi);
            summary.put("ari", ari);
            summary.put("inertia", result.inertia());
            Arrays.stream(sizes).forEach(summary.putArray("cluster_sizes")::add);
            summary.put("seconds", Math.round(seconds * 10) / 10.0);
            System.out.println(mapper.writeValueAsString(summary));
        }
        return 0;
    }
}
