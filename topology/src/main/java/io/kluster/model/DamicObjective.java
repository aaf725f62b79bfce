package io.kluster.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.kluster.cluster.Centroids;
import io.kluster.cluster.KMeans;
import io.kluster.cluster.KMeansResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * DAMIC, deep clustering based on a mixture of autoencoders: one autoencoder per cluster, each a
 * copy of the pre-trained one first trained alone on its own k-means cluster ({@link #EXPERT_STEPS}),
 * and a clustering network (the pre-trained encoder followed by a linear softmax layer of k
 * outputs) that is first trained to predict the k-means labels; then all are trained jointly to
 * minimise {@code -log sum_i p(c=i|x) exp(-d(x, f_i(x)))} with {@code d = ||x - f_i(x)||^2 / (2 σ²)},
 * σ² the experts' mean squared error per feature on their own clusters (the paper's d has σ² = 1).
 * Records belong to {@code argmax_i p(c=i|x)}.
 *
 * <p>The sum is taken in log space (log-sum-exp), so the distance cannot underflow even on inputs
 * with hundreds of features; no rescaling by the input dimension is needed.
 *
 * <p>The stream assigns with Student's t to centroids in the encoder's embedding space, so the
 * bundle carries the clustering network's encoder and, as centroids, the mean embedding of each
 * DAMIC cluster (an empty cluster takes the record farthest from its centroid, as in k-means). How often that
 * assignment agrees with the gate's on the training rows is recorded as {@code gate_agreement}; on
 * the synthetic set of the paper the two score alike (bench/results/quality.md), and one assignment
 * path serves every method. The per-cluster
 * autoencoders serve only training and are not shipped; {@link ModelTrainer} fits the bundle's
 * decoder to the final encoder, so that a retrain can continue it.
 */
final class DamicObjective implements ClusteringObjective {

    private final TrainingSettings settings;

    DamicObjective(TrainingSettings settings) {
        this.settings = settings;
    }

    /** Epochs the clustering network spends learning the k-means labels before the joint phase. */
    static final int LABEL_EPOCHS = 5;
    /**
     * Least mini-batch steps each expert takes on its own k-means cluster before the joint phase (and
     * at least {@link #EXPERT_EPOCHS} epochs of it): a copy of the shared autoencoder needs a few
     * hundred steps on its cluster alone before it reconstructs that cluster better than the others.
     */
    static final int EXPERT_STEPS = 300;
    /** Least epochs each expert spends on its own cluster. */
    static final int EXPERT_EPOCHS = 5;

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
            if (settings.clusterEpochs() > 0) {
                // As the paper does: each expert, a copy of the pre-trained autoencoder, first learns its own
                // k-means cluster alone, so the experts differ before the joint phase and the mixture has a
                // signal to give the gate.
                for (int i = 0; i < k; i++) {
                    float[][] own = rowsOf(scaledRows, initial.labels(), i);
                    if (own.length >= 2) {
                        specialise(experts.get(i), own, random.split(), listener);
                    }
                }
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
            // d is the negative log-likelihood of x under a Gaussian about f_i(x); the paper's unit variance
            // makes d on inputs scaled to [0, 1] too small to tell the experts apart (exp(-d) ≈ 0.95 for
            // each), so the variance is the experts' own mean squared error on their clusters.
            double noise = noiseVariance(experts, scaledRows, initial.labels());
            MiniBatchLoop.Objective mixture = batch -> {
                NDList distances = new NDList();
                for (Autoencoder expert : experts) {
                    NDArray error = expert.decode(expert.encode(batch.x(), true), true).sub(batch.x());
                    distances.add(error.square().sum(new int[] {1}).mul(Scalars.of(error, 0.5 / noise)));
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
            int reseeded = Centroids.reseedEmpty(embeddings, centroids, labels);
            int agree = 0;
            for (int i = 0; i < embeddings.length; i++) {
                agree += KMeans.nearest(embeddings[i], centroids) == labels[i] ? 1 : 0;
            }
            double expertAgreement = expertAgreement(experts, scaledRows, labels);
            return new Result(ae.encoderBytes(), null, centroids, Map.of(
                    "expert_agreement", String.valueOf(expertAgreement),
                    "label_epochs", String.valueOf(settings.clusterEpochs() > 0 ? LABEL_EPOCHS : 0),
                    "expert_steps", String.valueOf(settings.clusterEpochs() > 0 ? EXPERT_STEPS : 0),
                    "reseeded_clusters", String.valueOf(reseeded),
                    "gate_agreement", String.valueOf((double) agree / embeddings.length)));
        } finally {
            experts.forEach(Autoencoder::close);
        }
    }

    /**
     * The fraction of rows that the expert of their own cluster reconstructs best of all experts:
     * near 1 when the mixture works, near 1/k when the experts are alike.
     */
    private static double expertAgreement(List<Autoencoder> experts, float[][] rows, int[] labels) {
        int d = rows[0].length;
        int agree = 0;
        for (int start = 0; start < rows.length; start += 1024) {
            int b = Math.min(1024, rows.length - start);
            float[] values = rowMajor(rows, start, b);
            float[][] errors = new float[experts.size()][];
            for (int c = 0; c < experts.size(); c++) {
                Autoencoder expert = experts.get(c);
                try (NDManager scope = expert.manager().newSubManager()) {
                    NDArray x = scope.create(values, new Shape(b, d));
                    errors[c] = expert.decode(expert.encode(x, false), false).sub(x).square().sum(new int[] {1})
                            .toFloatArray();
                }
            }
            for (int i = 0; i < b; i++) {
                int best = 0;
                for (int c = 1; c < errors.length; c++) {
                    if (errors[c][i] < errors[best][i]) {
                        best = c;
                    }
                }
                agree += best == labels[start + i] ? 1 : 0;
            }
        }
        return (double) agree / rows.length;
    }

    /** Mean squared reconstruction error per feature of the rows, each by its own cluster's expert. */
    private static double noiseVariance(List<Autoencoder> experts, float[][] rows, int[] labels) {
        double sum = 0;
        for (int c = 0; c < experts.size(); c++) {
            float[][] own = rowsOf(rows, labels, c);
            if (own.length > 0) {
                sum += squaredErrors(experts.get(c), own);
            }
        }
        return Math.max(sum / ((double) rows.length * rows[0].length), 1e-8);
    }

    /** The summed squared reconstruction error of {@code rows} under {@code ae}, without gradients. */
    private static double squaredErrors(Autoencoder ae, float[][] rows) {
        int d = rows[0].length;
        double sum = 0;
        for (int start = 0; start < rows.length; start += 1024) {
            int b = Math.min(1024, rows.length - start);
            float[] values = rowMajor(rows, start, b);
            try (NDManager scope = ae.manager().newSubManager()) {
                NDArray x = scope.create(values, new Shape(b, d));
                sum += ae.decode(ae.encode(x, false), false).sub(x).square().sum().getFloat();
            }
        }
        return sum;
    }

    /** Rows {@code start} to {@code start + b} of {@code rows}, one after another in one array. */
    private static float[] rowMajor(float[][] rows, int start, int b) {
        int d = rows[0].length;
        float[] values = new float[b * d];
        for (int i = 0; i < b; i++) {
            System.arraycopy(rows[start + i], 0, values, i * d, d);
        }
        return values;
    }

    /** Trains one expert on reconstruction of its own cluster's rows, at the pre-training rate. */
    private void specialise(Autoencoder expert, float[][] own, SplittableRandom random, TrainingListener listener) {
        MiniBatchLoop loop = new MiniBatchLoop(expert.manager(), own, settings.pretrain().batchSize(), random,
                TrainingListener.NONE);
        GradientStep step = new GradientStep(expert.parameters(), List.of(), settings.pretrain().learningRate());
        MiniBatchLoop.Objective reconstruction = batch -> AutoencoderPretrainer.reconstructionError(expert, batch.x(), batch.x());
        int epochs = Math.max(EXPERT_EPOCHS, (EXPERT_STEPS + loop.batchesPerEpoch() - 1) / loop.batchesPerEpoch());
        for (int epoch = 1; epoch <= epochs; epoch++) {
            loop.epoch(step, reconstruction);
        }
        listener.onBatch();
    }

    private static float[][] rowsOf(float[][] rows, int[] labels, int cluster) {
        int n = 0;
        for (int label : labels) {
            n += label == cluster ? 1 : 0;
        }
        float[][] out = new float[n][];
        int next = 0;
        for (int i = 0; i < rows.length; i++) {
            if (labels[i] == cluster) {
                out[next++] = rows[i];
            }
        }
        return out;
    }

    /** log sum_j exp(a_ij) per row, shifted by the row maximum so no term overflows or underflows to zero. */
    private static NDArray logSumExp(NDArray a) {
        NDArray max = a.max(new int[] {1}, true).stopGradient();
        return a.sub(max).exp().sum(new int[] {1}).log().add(max.squeeze(1));
    }
}
