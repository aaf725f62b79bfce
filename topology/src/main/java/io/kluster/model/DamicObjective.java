package io.kluster.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Parameter;
import io.kluster.cluster.Centroids;
import io.kluster.cluster.KMeansResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * DAMIC, deep clustering based on a mixture of autoencoders: one autoencoder per cluster, each a
 * copy of the pre-trained one, and a clustering network (the pre-trained encoder followed by a
 * linear softmax layer of k outputs) that is first trained to predict the k-means labels, then all
 * are trained jointly to minimise {@code -log sum_i p(c=i|x) exp(-d(x, f_i(x)))} with
 * {@code d = 1/2 ||x - f_i(x)||^2}. Records belong to {@code argmax_i p(c=i|x)}.
 *
 * <p>The sum is taken in log space (log-sum-exp), so the paper's unscaled distance cannot underflow
 * even on inputs with hundreds of features; no rescaling by the input dimension is needed.
 *
 * <p>The stream assigns with Student's t to centroids in the encoder's embedding space, so the
 * bundle carries the clustering network's encoder and, as centroids, the mean embedding of each
 * DAMIC cluster (an empty cluster is reseeded from a perturbed non-empty one). The per-cluster
 * autoencoders serve only training and are not shipped; neither is a decoder.
 */
final class DamicObjective implements ClusteringObjective {

    private final TrainingSettings settings;

    DamicObjective(TrainingSettings settings) {
        this.settings = settings;
    }

    /** Epochs the clustering network spends learning the k-means labels before the joint phase. */
    static final int LABEL_EPOCHS = 5;

    @Override
    public Result fit(Autoencoder ae, float[][] scaledRows, KMeansResult initial, TrainingListener listener) {
        SplittableRandom random = new SplittableRandom(settings.seed()).split();
        MiniBatchLoop loop = new MiniBatchLoop(ae.manager(), scaledRows, settings.pretrain().batchSize(), random, listener);
        int k = settings.k();
        List<Autoencoder> experts = new ArrayList<>();
        byte[] encoderBytes = ae.encoderBytes();
        byte[] decoderBytes = ae.decoderBytes();
        try (ClassifierHead gate = new ClassifierHead(ae, k, random.nextLong())) {
            for (int i = 0; i < k; i++) {
                experts.add(Autoencoder.fromParameters(ae.spec(), encoderBytes, decoderBytes));
            }
            List<Parameter> clusteringNetwork = new ArrayList<>(ae.encoderParameters());
            clusteringNetwork.addAll(gate.parameters());
            if (settings.clusterEpochs() > 0) {
                // The experts start identical, so the joint loss gives the gate no signal until the gate itself
                // separates them: it must learn the k-means partition well first, at the pre-training rate.
                GradientStep warmUp = new GradientStep(clusteringNetwork, List.of(), settings.pretrain().learningRate());
                MiniBatchLoop.Objective imitate = gate.crossEntropy(ae, initial.labels(),
                        ClassifierHead.balancedWeights(initial.labels(), k));
                for (int epoch = 1; epoch <= LABEL_EPOCHS; epoch++) {
                    loop.epoch(warmUp, imitate);
                }
            }
            List<Parameter> everything = new ArrayList<>(clusteringNetwork);
            experts.forEach(expert -> everything.addAll(expert.parameters()));
            GradientStep step = new GradientStep(everything, List.of(), settings.clusterLearningRate());
            MiniBatchLoop.Objective mixture = batch -> {
                NDList distances = new NDList();
                for (Autoencoder expert : experts) {
                    NDArray error = expert.decode(expert.encode(batch.x(), true), true).sub(batch.x());
                    distances.add(error.square().sum(new int[] {1}).mul(Scalars.of(error, 0.5)));
                }
                NDArray logJoint = gate.logProbabilities(ae.clusteringView(ae.encode(batch.x(), true)), true)
                        .sub(NDArrays.stack(distances, 1));
                return logSumExp(logJoint).neg().mean();
            };
            for (int epoch = 1; epoch <= settings.clusterEpochs(); epoch++) {
                listener.onStep("damic", epoch, settings.clusterEpochs(), loop.epoch(step, mixture));
            }
            float[][] embeddings = ae.embed(scaledRows, 1024);
            int[] labels = gate.predict(embeddings);
            float[][] centroids = Centroids.means(embeddings, labels, k);
            int reseeded = Centroids.reseedEmpty(embeddings, centroids, labels, random);
            return new Result(ae.encoderBytes(), null, centroids, Map.of(
                    "label_epochs", String.valueOf(settings.clusterEpochs() > 0 ? LABEL_EPOCHS : 0),
                    "reseeded_clusters", String.valueOf(reseeded)));
        } finally {
            experts.forEach(Autoencoder::close);
        }
    }

    /** log sum_j exp(a_ij) per row, shifted by the row maximum so no term overflows or underflows to zero. */
    private static NDArray logSumExp(NDArray a) {
        NDArray max = a.max(new int[] {1}, true).stopGradient();
        return a.sub(max).exp().sum(new int[] {1}).log().add(max.squeeze(1));
    }
}
