package io.kluster.app.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kluster.cluster.Assignment;
import io.kluster.cluster.ClusteringMetrics;
import io.kluster.cluster.LabelIndex;
import io.kluster.cluster.StudentTAssigner;
import io.kluster.data.Dataset;
import io.kluster.model.Embedder;
import io.kluster.model.ModelBundle;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * How a model clusters a dataset: every record assigned exactly as the stream assigns it (encoder,
 * then Student's t to the centroids), with cluster sizes, mean confidence and, when the data has
 * labels, ACC, NMI (arithmetic and geometric) and ARI.
 *
 * @param clusters the public cluster id of each record
 * @param sizes records per public cluster id
 * @param embeddings each record's embedding, row-major (n × embedding dimension)
 * @param embeddingDimension the width of one embedding
 */
public record ClusteringReport(int n, int k, int[] clusters, int[] sizes, double meanConfidence, Double acc,
        Double nmi, Double nmiGeometric, Double ari, float[] embeddings, int embeddingDimension) {

    private static final int BATCH = 1024;

    /** Assigns every record of {@code data} with {@code bundle} and scores the result. */
    public static ClusteringReport of(ModelBundle bundle, Dataset data) {
        if (data.dimension() != bundle.inputDimension()) {
            throw new IllegalArgumentException("the data has " + data.dimension() + " features, the model takes "
                    + bundle.inputDimension());
        }
        int n = data.size();
        int e = bundle.encoder().embeddingDimension();
        int[] ids = bundle.clusterIds();
        int[] clusters = new int[n];
        int[] sizes = new int[Arrays.stream(ids).max().orElse(0) + 1];
        double confidence = 0;
        StudentTAssigner assigner = new StudentTAssigner(bundle.alpha());
        float[] z = new float[e];
        float[] all = new float[n * e];
        try (Embedder embedder = Embedder.open(bundle)) {
            for (int start = 0; start < n; start += BATCH) {
                int b = Math.min(BATCH, n - start);
                float[] embeddings = embedder.embed(Arrays.copyOfRange(data.features(), start, start + b), b);
                System.arraycopy(embeddings, 0, all, start * e, b * e);
                for (int i = 0; i < b; i++) {
                    System.arraycopy(embeddings, i * e, z, 0, e);
                    Assignment a = assigner.assign(z, bundle.centroids());
                    clusters[start + i] = ids[a.cluster()];
                    sizes[ids[a.cluster()]]++;
                    confidence += a.confidence();
                }
            }
        }
        Double acc = null;
        Double nmi = null;
        Double nmiGeometric = null;
        Double ari = null;
        if (data.hasLabels()) {
            int labelled = 0;
            for (String label : data.labels()) {
                if (label != null) {
                    labelled++;
                }
            }
            int[] truth = new int[labelled];
            int[] predicted = new int[labelled];
            LabelIndex index = new LabelIndex();
            int j = 0;
            for (int i = 0; i < n; i++) {
                if (data.labels()[i] != null) {
                    truth[j] = index.indexOf(data.labels()[i]);
                    predicted[j++] = clusters[i];
                }
            }
            if (labelled > 0) {
                acc = ClusteringMetrics.accuracy(truth, predicted);
                nmi = ClusteringMetrics.nmi(truth, predicted);
                nmiGeometric = ClusteringMetrics.nmiGeometric(truth, predicted);
                ari = ClusteringMetrics.adjustedRandIndex(truth, predicted);
            }
        }
        return new ClusteringReport(n, bundle.k(), clusters, sizes, n == 0 ? 0 : confidence / n, acc, nmi, nmiGeometric, ari,
                all, e);
    }

    /** The embedding of record {@code i}. */
    public float[] embedding(int i) {
        return Arrays.copyOfRange(embeddings, i * embeddingDimension, (i + 1) * embeddingDimension);
    }

    /** Adds this report's fields to a JSON summary. */
    public void writeTo(ObjectNode json) {
        json.put("k", k);
        json.put("n", n);
        json.put("acc", acc);
        json.put("nmi", nmi);
        json.put("nmi_geometric", nmiGeometric);
        json.put("ari", ari);
        json.put("mean_confidence", meanConfidence);
        var sizesNode = json.putArray("cluster_sizes");
        for (int size : sizes) {
            sizesNode.add(size);
        }
    }

    /** Prints a readable summary. */
    public void print(PrintStream out) {
        out.printf("  records           %,d in %d clusters%n", n, k);
        out.printf("  cluster sizes     %s%n", Arrays.toString(sizes));
        out.printf("  mean confidence   %.3f%n", meanConfidence);
        if (acc != null) {
            out.printf("  quality           ACC %.3f  NMI %.3f (geometric %.3f)  ARI %.3f%n", acc, nmi, nmiGeometric, ari);
        } else {
            out.println("  quality           no labels in the data");
        }
    }
}
