package io.kluster.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import io.kluster.cluster.ClusteringMetrics;
import io.kluster.cluster.KMeans;
import io.kluster.cluster.KMeansResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * DeepCluster: each epoch, k-means on the current embeddings (warm-started from the previous
 * centroids) gives pseudo-labels, an empty cluster taking the row farthest from its centroid,
 * and the encoder plus a linear classifier head train for one epoch on the pseudo-labels with
 * cross-entropy, rows weighted inversely to their cluster's size (uniform sampling over
 * pseudo-labels). The final centroids come from k-means on the final embeddings.
 *
 * <p>The head lives through all epochs. The paper draws it afresh each epoch because its k-means
 * restarts and the pseudo-label ids permute; warm-started from the previous centroids, cluster c
 * here stays cluster c, and a fresh random head's first gradients only push the codes about. Keeping
 * it raised NMI on four of five seeds of the DAMIC synthetic set and on scikit-learn's digits and
 * wine (bench/results/damic-synthetic.md). For the same reason the head first learns the initial
 * pseudo-labels on frozen codes, before its gradients reach the encoder.
 *
 * <p>As in IDEC, the decoder keeps training beside the classifier: the loss is reconstruction plus
 * γ times the cross-entropy. The paper's convolutional features on large augmented data hold their
 * structure without it; an MLP's code trained on its own pseudo-labels alone collapses onto them
 * (on Fashion-MNIST its NMI fell from 0.62 to 0.48, below k-means on raw pixels).
 *
 * <p>On a spherical encoder k-means and the head read L2-normalised (projected) codes, as the
 * DeepCluster paper normalises its features before k-means.
 */
final class DeepClusterObjective implements ClusteringObjective {

    /** The fewest mini-batch steps the head takes on the first pseudo-labels before the encoder trains with it. */
    static final int HEAD_WARM_UP_STEPS = 160;
    /** The fewest epochs of that warm-up, so that a small buffer's head still sees each row a few times. */
    static final int HEAD_WARM_UP_EPOCHS = 5;

    private final TrainingSettings settings;

    DeepClusterObjective(TrainingSettings settings) {
        this.settings = settings;
    }

    @Override
    public Result fit(Autoencoder ae, float[][] scaledRows, KMeansResult initial, TrainingListener listener) {
        SplittableRandom random = new SplittableRandom(settings.seed()).split();
        MiniBatchLoop loop = new MiniBatchLoop(ae.manager(), scaledRows, settings.pretrain().batchSize(), random, listener);
        PseudoLabels pseudo = new PseudoLabels(initial.centroids(), initial.labels(), 0);
        long reassigned = 0;
        double warmUpAgreement;
        try (ClassifierHead head = new ClassifierHead(ae, settings.k(), random.nextLong())) {
            List<Parameter> trained = new ArrayList<>(ae.parameters());
            trained.addAll(head.parameters());
            GradientStep step = new GradientStep(trained, List.of(), settings.clusterLearningRate());
            warmUpAgreement = settings.clusterEpochs() > 0
                    ? learnInitialPseudoLabels(head, ae, scaledRows, loop, initial.labels()) : Double.NaN;
            for (int epoch = 1; epoch <= settings.clusterEpochs(); epoch++) {
                int[] before = pseudo.labels();
                pseudo = pseudoLabels(ae.embed(scaledRows, 1024), pseudo);
                reassigned += ClusteringMetrics.changedLabels(before, pseudo.labels());
                int[] labels = pseudo.labels();
                float[] weights = ClassifierHead.balancedWeights(labels, settings.k());
                double loss = loop.epoch(step, batch -> {
                    NDArray code = ae.encode(batch.x(), true);
                    NDArray reconstruction = ae.decode(code, true).sub(batch.x()).square().mean();
                    NDArray crossEntropy = head.crossEntropy(ae, code, batch, labels, weights);
                    return reconstruction.add(crossEntropy.mul(Scalars.of(crossEntropy, settings.gamma())));
                });
                listener.onStep("deepcluster", epoch, settings.clusterEpochs(), loss);
            }
        }
        PseudoLabels last = pseudoLabels(ae.embed(scaledRows, 1024), pseudo);
        return new Result(ae.encoderBytes(), ae.decoderBytes(), last.centroids(),
                Map.of("reseeded_clusters", String.valueOf(last.reseeded()),
                        "pseudo_labels_reassigned", String.valueOf(reassigned),
                        "head_warm_up_agreement", String.valueOf(warmUpAgreement)));
    }

    /**
     * Trains the head alone, at the pre-training rate, on the first pseudo-labels of the frozen codes (a
     * linear probe). A random head's first cross-entropy gradients would otherwise reach the encoder and
     * scatter the codes the pseudo-labels came from: on the DAMIC synthetic set, NMI fell by up to 0.09
     * in the first epochs and ended below where it started (bench/results/damic-synthetic.md). Returns the share of
     * rows whose pseudo-label the head then predicts.
     */
    private double learnInitialPseudoLabels(ClassifierHead head, Autoencoder ae, float[][] scaledRows, MiniBatchLoop loop,
            int[] labels) {
        GradientStep headOnly = new GradientStep(head.parameters(), List.of(), settings.pretrain().learningRate());
        float[] weights = ClassifierHead.balancedWeights(labels, settings.k());
        MiniBatchLoop.Objective probe = batch -> head.crossEntropy(ae, ae.encode(batch.x(), false).stopGradient(), batch,
                labels, weights);
        for (int epoch = 1; epoch <= loop.epochsFor(HEAD_WARM_UP_STEPS, HEAD_WARM_UP_EPOCHS); epoch++) {
            loop.epoch(headOnly, probe);
        }
        int[] predicted = head.predict(ae.embed(scaledRows, 1024));
        return 1 - (double) ClusteringMetrics.changedLabels(labels, predicted) / labels.length;
    }

    /** Centroids and labels of the embeddings, and how many empty clusters were reseeded so far. */
    private record PseudoLabels(float[][] centroids, int[] labels, int reseeded) {
    }

    private PseudoLabels pseudoLabels(float[][] embeddings, PseudoLabels previous) {
        // k-means itself reassigns an empty cluster (the row farthest from its centroid), which is
        // DeepCluster's empty-cluster fix: no pseudo-label class is ever left without rows.
        KMeansResult clusters = KMeans.builder().k(settings.k()).seed(settings.seed()).build()
                .fit(embeddings, previous.centroids());
        return new PseudoLabels(clusters.centroids(), clusters.labels(), previous.reseeded() + clusters.reseeded());
    }
}
