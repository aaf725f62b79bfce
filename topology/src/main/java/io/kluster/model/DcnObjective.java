package io.kluster.model;

import ai.djl.ndarray.NDArray;
import io.kluster.cluster.KMeans;
import io.kluster.cluster.KMeansResult;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deep Clustering Network: the autoencoder minimises {@code ||x - g(f(x))||^2 + lambda/2 ||f(x) - M s||^2}
 * with {@code s} the hard assignment to the nearest centroid, and after every batch the centroids
 * take the DCN paper's count-based step {@code c_k <- c_k - (1/count_k)(c_k - f(x))} on the
 * re-embedded batch: network and centroid updates alternate.
 *
 * <p>On a spherical encoder the k-means term reads the projected code, as assignment does, and the
 * reconstruction the raw one. Both terms are per-row sums of squares, as in the paper. Counts start at 100, as in the
 * authors' code, so the first batches do not drag a centroid onto a single point.
 */
final class DcnObjective implements ClusteringObjective {

    private static final double INITIAL_COUNT = 100;

    private final TrainingSettings settings;

    DcnObjective(TrainingSettings settings) {
        this.settings = settings;
    }

    @Override
    public Result fit(Autoencoder ae, float[][] scaledRows, KMeansResult initial, TrainingListener listener) {
        float[][] centroids = Arrays.stream(initial.centroids()).map(float[]::clone).toArray(float[][]::new);
        double[] counts = new double[centroids.length];
        Arrays.fill(counts, INITIAL_COUNT);
        MiniBatchLoop loop = new MiniBatchLoop(ae.manager(), scaledRows, settings.pretrain().batchSize(),
                new SplittableRandom(settings.seed()).split(), listener);
        GradientStep step = new GradientStep(ae.parameters(), List.of(), settings.clusterLearningRate());
        MiniBatchLoop.Objective objective = new MiniBatchLoop.Objective() {
            @Override
            public NDArray loss(MiniBatchLoop.Batch batch) {
                NDArray z = ae.encode(batch.x(), true);
                NDArray clustered = ae.clusteringView(z);
                int[] nearest = nearest(Matrices.rows(clustered), centroids);
                NDArray assigned = Matrices.gather(batch.scope(), centroids, nearest);
                NDArray reconstruction = ae.decode(z, true).sub(batch.x()).square().sum(new int[] {1});
                NDArray kmeans = clustered.sub(assigned).square().sum(new int[] {1});
                return reconstruction.add(kmeans.mul(Scalars.of(kmeans, settings.lambda() / 2))).mean();
            }

            @Override
            public void afterStep(MiniBatchLoop.Batch batch, double loss) {
                for (float[] z : Matrices.rows(ae.clusteringView(ae.encode(batch.x(), false)))) {
                    int c = KMeans.nearest(z, centroids);
                    counts[c]++;
                    for (int j = 0; j < z.length; j++) {
                        centroids[c][j] -= (float) ((centroids[c][j] - z[j]) / counts[c]);
                    }
                }
            }
        };
        for (int epoch = 1; epoch <= settings.clusterEpochs(); epoch++) {
            listener.onStep("dcn", epoch, settings.clusterEpochs(), loop.epoch(step, objective));
        }
        return new Result(ae.encoderBytes(), ae.decoderBytes(), centroids, Map.of());
    }

    private static int[] nearest(float[][] embeddings, float[][] centroids) {
        int[] out = new int[embeddings.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = KMeans.nearest(embeddings[i], centroids);
        }
        return out;
    }
}
