package io.kluster.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.kluster.cluster.Centroids;
import io.kluster.cluster.ClusteringMetrics;
import io.kluster.cluster.KMeans;
import io.kluster.cluster.KMeansResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * DAMIC, deep clustering based on a mixture of autoencoders: one autoencoder per cluster (an
 * expert) and a clustering network (the pre-trained encoder followed by a linear softmax layer of
 * k outputs, the gate), trained jointly to minimise {@code -log sum_i p(c=i|x) exp(-d(x, f_i(x)))}
 * with {@code d = ||x - f_i(x)||^2 / (2 σ²)}, σ² the experts' mean squared error per feature on
 * their own clusters (the paper's d has σ² = 1). Records belong to {@code argmax_i p(c=i|x)}.
 *
 * <p>Before the joint phase, as in the paper, each expert trains on its own k-means cluster. The
 * experts are narrow ({@link #EXPERT_WIDTHS}): an expert stands for one cluster, and a code of one
 * dimension lets it reconstruct only the records near the curve it learns, so reconstruction error
 * tells apart what k-means cuts across (elongated or curved clusters: a nonlinear k-lines). Copies
 * of the shared autoencoder reconstruct every record about equally well and left the mixture at
 * k-means' partition (bench/results/quality.md). Their biases start spread
 * ({@link Autoencoder.Biases#FAN_IN_UNIFORM}): with zero biases DAMIC's NMI on the DAMIC synthetic set
 * was lower on each of nine seeds, by 0.003 to 0.081. The experts then take {@link #EXPERT_ROUNDS}
 * rounds of hard reassignment: each record goes to the expert that reconstructs it best, and each
 * expert trains on its records but the {@link #EXPERT_TRIM} share it fits worst. The rounds stop early
 * once fewer than the settings' tolerance of the records change expert. If the experts then explain
 * at least {@link #CURVE_EXPLAINED_VARIANCE} of their clusters' variance, the gate first learns their
 * partition and the joint phase follows; if not, the clusters are not the curves the experts model, and
 * the gate learns the k-means partition, with no joint phase.
 *
 * <p>The sum is taken in log space (log-sum-exp), so the distance cannot underflow even on inputs
 * with hundreds of features; no rescaling by the input dimension is needed.
 *
 * <p>The stream assigns with Student's t to centroids in the encoder's embedding space, so the
 * bundle carries the clustering network's encoder and, as centroids, the mean embedding of each
 * DAMIC cluster (an empty cluster takes the record farthest from its centroid, as in k-means). How often that
 * assignment agrees with the gate's on the training rows is recorded as {@code gate_agreement}. The experts
 * serve only training and are not shipped; {@link ModelTrainer} fits the bundle's
 * decoder to the final encoder, so that a retrain can continue it.
 */
final class DamicObjective implements ClusteringObjective {

    private final TrainingSettings settings;

    DamicObjective(TrainingSettings settings) {
        this.settings = settings;
    }

    /** The fewest epochs the gate spends learning the experts' partition before the joint phase. */
    static final int LABEL_EPOCHS = 5;
    /**
     * The experts' widths, hidden then code: one narrow hidden layer and a one-dimensional code, so that
     * an expert can follow one cluster's curve but not fold itself over its neighbours'.
     */
    static final String EXPERT_WIDTHS = "32,1";
    /** The most rounds of hard reassignment between the experts before the gate learns their partition. */
    static final int EXPERT_ROUNDS = 8;
    /**
     * The share of each cluster's worst-reconstructed records that its expert does not train on in the
     * next round (a trimmed fit): those are mostly other clusters' records at the border, and fitting
     * them lets an expert bend its curve into a neighbour and take its records over.
     */
    static final double EXPERT_TRIM = 0.2;
    /**
     * The least share of their clusters' variance the experts must reconstruct after the rounds for their
     * partition to stand; below it the gate learns the k-means partition and the joint phase, which would
     * pull records the same way, is skipped. Measured (bench/results/damic-synthetic.md): 0.88-0.96 on
     * nine seeds of the DAMIC synthetic set, whose clusters are thin curves; 0.29-0.46 on scikit-learn's
     * wine, digits and breast cancer, blob-like clusters in 13-64 dimensions, where the rounds led records
     * away from their classes (breast cancer's NMI fell from 0.53 to 0.21). The threshold sits in that
     * gap; iris, in 4 dimensions, reaches 0.84.
     */
    static final double CURVE_EXPLAINED_VARIANCE = 0.75;

    @Override
    public Result fit(Autoencoder ae, float[][] scaledRows, KMeansResult initial, TrainingListener listener) {
        SplittableRandom random = new SplittableRandom(settings.seed()).split();
        MiniBatchLoop loop = new MiniBatchLoop(ae.manager(), scaledRows, settings.pretrain().batchSize(), random, listener);
        int k = settings.k();
        List<Autoencoder> experts = new ArrayList<>();
        EncoderSpec expertSpec = EncoderSpec.of(ae.spec().inputDimension(), EXPERT_WIDTHS);
        try (ClassifierHead gate = new ClassifierHead(ae, k, random.nextLong())) {
            for (int i = 0; i < k; i++) {
                experts.add(Autoencoder.initialize(expertSpec, random.nextLong(), Autoencoder.Biases.FAN_IN_UNIFORM));
            }
            int[] partition = initial.labels();
            int[] trained = partition;
            float[] fit = new float[scaledRows.length];
            int rounds = settings.clusterEpochs() > 0 ? EXPERT_ROUNDS : 0;
            int roundsRun = 0;
            for (int round = 1; round <= rounds; round++) {
                roundsRun = round;
                int[] before = partition;
                // Round 1 is the paper's pre-training of each expert on its own k-means cluster; the later
                // rounds hand each record to the expert that reconstructs it best (classification EM).
                for (int i = 0; i < k; i++) {
                    specialise(experts.get(i), scaledRows, trained, i, listener, random);
                }
                partition = bestExperts(experts, scaledRows, fit);
                trained = trimmed(partition, fit, k);
                double meanFit = 0;
                for (float f : fit) {
                    meanFit += f;
                }
                // The round's loss: the mixture's hard-assignment objective, each row's least reconstruction error.
                listener.onStep("damic experts", round, rounds, meanFit / fit.length);
                // Hard EM has converged once (almost) no record changes expert; round 1 starts from k-means'.
                if (round > 1 && ClusteringMetrics.changedLabels(before, partition) < settings.tolerance() * partition.length) {
                    break;
                }
            }
            // The rounds' partition stands only where the experts, as curves, explain their clusters; elsewhere
            // the least reconstruction error measures how spread a record's cluster is, not which it belongs to.
            double explained = roundsRun > 0 ? explainedVariance(experts, scaledRows, partition) : Double.NaN;
            boolean curves = explained >= CURVE_EXPLAINED_VARIANCE;
            if (!curves) {
                partition = initial.labels();
            }
            List<Parameter> clusteringNetwork = new ArrayList<>(ae.encoderParameters());
            clusteringNetwork.addAll(gate.parameters());
            int labelEpochs = settings.clusterEpochs() > 0 ? loop.epochsFor(settings.expertSteps(), LABEL_EPOCHS) : 0;
            if (labelEpochs > 0) {
                // The gate must learn the experts' partition first, at the pre-training rate: the joint loss
                // only refines a gate that already separates them.
                GradientStep warmUp = new GradientStep(clusteringNetwork, List.of(), settings.pretrain().learningRate());
                MiniBatchLoop.Objective imitate = gate.crossEntropy(ae, partition,
                        ClassifierHead.balancedWeights(partition, k));
                for (int epoch = 1; epoch <= labelEpochs; epoch++) {
                    loop.epoch(warmUp, imitate);
                }
            }
            List<Parameter> everything = new ArrayList<>(clusteringNetwork);
            experts.forEach(expert -> everything.addAll(expert.parameters()));
            GradientStep step = new GradientStep(everything, List.of(), settings.clusterLearningRate());
            // d is the negative log-likelihood of x under a Gaussian about f_i(x); the paper's unit variance
            // makes d on inputs scaled to [0, 1] too small to tell the experts apart (exp(-d) ≈ 0.95 for
            // each), so the variance is the experts' own mean squared error on their clusters.
            double noise = noiseVariance(experts, scaledRows, partition);
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
            int jointEpochs = curves ? settings.clusterEpochs() : 0;
            for (int epoch = 1; epoch <= jointEpochs; epoch++) {
                listener.onStep("damic", epoch, jointEpochs, loop.epoch(step, mixture));
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
                    "label_epochs", String.valueOf(labelEpochs),
                    "expert_rounds", String.valueOf(roundsRun),
                    "expert_explained_variance", String.valueOf(explained),
                    "expert_partition", curves ? "experts" : "k-means",
                    "expert_widths", EXPERT_WIDTHS,
                    "expert_trim", String.valueOf(EXPERT_TRIM),
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
        int[] best = bestExperts(experts, rows);
        int agree = 0;
        for (int i = 0; i < rows.length; i++) {
            agree += best[i] == labels[i] ? 1 : 0;
        }
        return (double) agree / rows.length;
    }

    /**
     * The partition with each cluster's {@link #EXPERT_TRIM} worst-fitted records (by {@code fit}, their
     * least reconstruction error) marked -1, so that no expert trains on them.
     */
    static int[] trimmed(int[] partition, float[] fit, int k) {
        int[] out = partition.clone();
        for (int c = 0; c < k; c++) {
            int n = 0;
            for (int label : partition) {
                n += label == c ? 1 : 0;
            }
            float[] own = new float[n];
            int next = 0;
            for (int i = 0; i < partition.length; i++) {
                if (partition[i] == c) {
                    own[next++] = fit[i];
                }
            }
            if (n == 0) {
                continue;
            }
            Arrays.sort(own);
            int kept = n - (int) Math.floor(EXPERT_TRIM * n);
            float cut = own[kept - 1];
            for (int i = 0; i < partition.length; i++) {
                if (partition[i] == c && fit[i] > cut) {
                    out[i] = -1;
                }
            }
        }
        return out;
    }

    /** For each row, the expert that reconstructs it with the least squared error. */
    private static int[] bestExperts(List<Autoencoder> experts, float[][] rows) {
        return bestExperts(experts, rows, new float[rows.length]);
    }

    /** As {@link #bestExperts(List, float[][])}, and each row's least squared error into {@code fit}. */
    private static int[] bestExperts(List<Autoencoder> experts, float[][] rows, float[] fit) {
        int d = rows[0].length;
        int[] best = new int[rows.length];
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
                int bestExpert = 0;
                for (int c = 1; c < errors.length; c++) {
                    if (errors[c][i] < errors[bestExpert][i]) {
                        bestExpert = c;
                    }
                }
                best[start + i] = bestExpert;
                fit[start + i] = errors[bestExpert][i];
            }
        }
        return best;
    }

    /**
     * The share of the rows' variance about their cluster's mean that their cluster's expert
     * reconstructs: 1 when every cluster lies on its expert's curve, 0 when the experts do no better
     * than the clusters' means.
     */
    private static double explainedVariance(List<Autoencoder> experts, float[][] rows, int[] labels) {
        double residual = 0;
        double total = 0;
        for (int c = 0; c < experts.size(); c++) {
            float[][] own = rowsOf(rows, labels, c);
            if (own.length == 0) {
                continue;
            }
            residual += squaredErrors(experts.get(c), own);
            float[] mean = Centroids.means(own, new int[own.length], 1)[0];
            for (float[] row : own) {
                for (int j = 0; j < row.length; j++) {
                    total += (row[j] - mean[j]) * (double) (row[j] - mean[j]);
                }
            }
        }
        return total == 0 ? 1 : 1 - residual / total;
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

    /**
     * Trains one expert for a round, at the pre-training rate, on reconstructing the rows of its
     * cluster (trimmed rows excluded). Batches are drawn from the cluster's own rows, so that every
     * step learns from a full batch (masking a batch of all rows to the cluster's left about a k-th of
     * it), and a round takes the same number of steps on any number of rows.
     */
    private void specialise(Autoencoder expert, float[][] rows, int[] partition, int cluster, TrainingListener listener,
            SplittableRandom random) {
        float[][] own = rowsOf(rows, partition, cluster);
        if (own.length == 0) {
            return;
        }
        MiniBatchLoop loop = new MiniBatchLoop(expert.manager(), own, settings.pretrain().batchSize(), random, listener);
        GradientStep step = new GradientStep(expert.parameters(), List.of(), settings.pretrain().learningRate());
        MiniBatchLoop.Objective reconstruct = batch -> expert.decode(expert.encode(batch.x(), true), true)
                .sub(batch.x()).square().sum(new int[] {1}).mean();
        for (int epoch = 1; epoch <= loop.epochsFor(settings.expertSteps(), 1); epoch++) {
            loop.epoch(step, reconstruct);
        }
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
