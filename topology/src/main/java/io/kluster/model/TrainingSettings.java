package io.kluster.model;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a training run builds: the number of clusters, the encoder widths, how inputs are scaled,
 * how the autoencoder is pre-trained, how many k-means restarts pick the initial centroids, and
 * which clustering objective then fine-tunes the model.
 *
 * @param k the number of clusters
 * @param widths encoder widths, hidden then embedding, e.g. "500,500,2000,10"
 * @param scaling how inputs are scaled before the encoder
 * @param pretrain autoencoder pre-training; its batch size is also the clustering phase's
 * @param kmeansRestarts k-means++ restarts on the pre-trained embeddings
 * @param alpha Student's t degrees of freedom
 * @param seed seed for weights, shuffling, noise and k-means
 * @param method the clustering objective
 * @param clusterEpochs the most epochs the clustering phase runs (0 leaves the pre-trained model)
 * @param updateInterval DEC/IDEC: batches between recomputations of the target distribution P
 * @param tolerance DEC/IDEC: stop once fewer than this fraction of hard assignments change between P updates;
 *     DAMIC: between two rounds of its experts
 * @param gamma IDEC and DeepCluster: weight of the clustering loss against the reconstruction loss
 * @param lambda DCN: weight of the k-means loss against the reconstruction loss
 * @param expertSteps DAMIC: mini-batch steps each expert takes per round of reassignment, and the
 *     fewest the gate takes to learn the experts' partition
 * @param balanceWeight DEC/IDEC: weight of KL(mean q ‖ uniform) per batch, 0 for none
 * @param clusterLearningRate Adam learning rate of the clustering phase
 * @param sphericalEmbedding cluster on the sphere: embeddings are projected to length √e wherever
 *     clustering reads them (k-means, every method's clustering loss, assignment); the decoder reads
 *     the raw code
 * @param encoder whether to train a deep encoder or cluster the scaled features directly
 */
public record TrainingSettings(
        int k,
        String widths,
        FeatureScaler.Mode scaling,
        PretrainConfig pretrain,
        int kmeansRestarts,
        double alpha,
        long seed,
        ClusteringMethod method,
        int clusterEpochs,
        int updateInterval,
        double tolerance,
        double gamma,
        double lambda,
        int expertSteps,
        double balanceWeight,
        float clusterLearningRate,
        boolean sphericalEmbedding,
        EncoderChoice encoder) {

    /** Validates the ranges. */
    public TrainingSettings {
        if (k < 2) {
            throw new IllegalArgumentException("k must be >= 2, got " + k);
        }
        EncoderSpec.of(1, widths);
        if (kmeansRestarts < 1) {
            throw new IllegalArgumentException("k-means restarts must be >= 1, got " + kmeansRestarts);
        }
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be positive, got " + alpha);
        }
        if (encoder == null) {
            throw new IllegalArgumentException("an encoder choice is required");
        }
        if (method == null) {
            throw new IllegalArgumentException("a clustering method is required");
        }
        if (clusterEpochs < 0) {
            throw new IllegalArgumentException("cluster epochs must be >= 0, got " + clusterEpochs);
        }
        if (updateInterval < 1) {
            throw new IllegalArgumentException("update interval must be >= 1 batch, got " + updateInterval);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in [0, 1), got " + tolerance);
        }
        if (!(gamma > 0) || !Double.isFinite(gamma)) {
            throw new IllegalArgumentException("gamma must be positive, got " + gamma);
        }
        if (!(lambda > 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda must be positive, got " + lambda);
        }
        if (expertSteps < 1) {
            throw new IllegalArgumentException("expert steps must be >= 1, got " + expertSteps);
        }
        if (!(balanceWeight >= 0) || !Double.isFinite(balanceWeight)) {
            throw new IllegalArgumentException("balance weight must be >= 0, got " + balanceWeight);
        }
        if (!(clusterLearningRate > 0) || !Float.isFinite(clusterLearningRate)) {
            throw new IllegalArgumentException("cluster learning rate must be positive, got " + clusterLearningRate);
        }
    }

    /**
     * The settings that make a model what it is, by their {@link #describe()} names: its number of
     * clusters, encoder, input scaling, objective, sphere and kernel. A retrain continues a model
     * with its own values of these, unless the user set one explicitly.
     */
    public static final List<String> MODEL_SETTINGS = List.of("k", "encoder", "widths", "scaling", "method",
            "spherical_embedding", "alpha");

    /**
     * These settings with {@code model}'s own value of every {@link #MODEL_SETTINGS} key but those in
     * {@code overridden}, which keep the values here; the schedule (epochs, rates, weights, seed)
     * stays these settings'. A model trained elsewhere (another k, widths or method) so retrains as
     * itself under a configuration that never mentioned it.
     */
    public TrainingSettings continuing(ModelBundle model, Set<String> overridden) {
        for (String key : overridden) {
            if (!MODEL_SETTINGS.contains(key)) {
                throw new IllegalArgumentException("not a model setting: " + key + "; those are " + MODEL_SETTINGS);
            }
        }
        String modelScaling = model.hyperParameters().get("scaling");
        boolean layered = !model.encoder().identity();
        return new TrainingSettings(
                overridden.contains("k") ? k : model.k(),
                overridden.contains("widths") || !layered ? widths : model.encoder().widths(),
                overridden.contains("scaling") || modelScaling == null ? scaling : FeatureScaler.Mode.valueOf(modelScaling),
                pretrain, kmeansRestarts,
                overridden.contains("alpha") ? alpha : model.alpha(),
                seed,
                overridden.contains("method") || !layered ? method : ClusteringMethod.parse(model.method()),
                clusterEpochs, updateInterval, tolerance, gamma, lambda, expertSteps, balanceWeight, clusterLearningRate,
                overridden.contains("spherical_embedding") || !layered ? sphericalEmbedding : model.encoder().spherical(),
                overridden.contains("encoder") ? encoder : layered ? EncoderChoice.DEEP : EncoderChoice.NONE);
    }

    /** A copy with another number of clustering epochs, e.g. a shorter schedule for a warm-started retrain. */
    public TrainingSettings withClusterEpochs(int epochs) {
        return new TrainingSettings(k, widths, scaling, pretrain, kmeansRestarts, alpha, seed, method, epochs, updateInterval,
                tolerance, gamma, lambda, expertSteps, balanceWeight, clusterLearningRate, sphericalEmbedding, encoder);
    }

    /** A copy with another number of clusters, e.g. the one a k-selection chose. */
    public TrainingSettings withK(int clusters) {
        return new TrainingSettings(clusters, widths, scaling, pretrain, kmeansRestarts, alpha, seed, method, clusterEpochs,
                updateInterval, tolerance, gamma, lambda, expertSteps, balanceWeight, clusterLearningRate, sphericalEmbedding, encoder);
    }

    /** A copy with another input scaling; named-field events come scaled by their schema and take {@code NONE}. */
    public TrainingSettings withScaling(FeatureScaler.Mode mode) {
        return new TrainingSettings(k, widths, mode, pretrain, kmeansRestarts, alpha, seed, method, clusterEpochs,
                updateInterval, tolerance, gamma, lambda, expertSteps, balanceWeight, clusterLearningRate, sphericalEmbedding, encoder);
    }

    /** Settings with defaults for everything but k. */
    public static Builder builder(int k) {
        return new Builder(k);
    }

    /** Every setting by name, as recorded in a model bundle's hyper-parameters. */
    public Map<String, String> describe() {
        Map<String, String> all = new TreeMap<>();
        all.put("k", String.valueOf(k));
        all.put("widths", widths);
        all.put("encoder", encoder.id());
        all.put("scaling", scaling.name());
        all.put("pretrain_epochs", String.valueOf(pretrain.epochs()));
        all.put("batch_size", String.valueOf(pretrain.batchSize()));
        all.put("learning_rate", String.valueOf(pretrain.learningRate()));
        all.put("masking_noise", String.valueOf(pretrain.maskingNoise()));
        all.put("kmeans_restarts", String.valueOf(kmeansRestarts));
        all.put("alpha", String.valueOf(alpha));
        all.put("seed", String.valueOf(seed));
        all.put("method", method.id());
        all.put("spherical_embedding", String.valueOf(sphericalEmbedding));
        all.put("cluster_epochs", String.valueOf(clusterEpochs));
        all.put("update_interval", String.valueOf(updateInterval));
        all.put("tolerance", String.valueOf(tolerance));
        all.put("gamma", String.valueOf(gamma));
        all.put("lambda", String.valueOf(lambda));
        all.put("expert_steps", String.valueOf(expertSteps));
        all.put("balance_weight", String.valueOf(balanceWeight));
        all.put("cluster_learning_rate", String.valueOf(clusterLearningRate));
        return all;
    }

    /** Builder for {@link TrainingSettings}. */
    public static final class Builder {
        private final int k;
        private String widths = EncoderSpec.DEFAULT_WIDTHS;
        private FeatureScaler.Mode scaling = FeatureScaler.Mode.AUTO;
        private PretrainConfig pretrain = PretrainConfig.DEFAULT;
        private int kmeansRestarts = 10;
        private double alpha = 1.0;
        private long seed = 42L;
        private ClusteringMethod method = ClusteringMethod.IDEC;
        private int clusterEpochs = 20;
        private int updateInterval = 140;
        private double tolerance = 0.001;
        private double gamma = 0.1;
        private double lambda = 0.5;
        private int expertSteps = 160;
        private double balanceWeight = 0.0;
        private float clusterLearningRate = 1e-4f;
        private boolean sphericalEmbedding = true;
        private EncoderChoice encoder = EncoderChoice.DEEP;

        private Builder(int k) {
            this.k = k;
        }

        /** Encoder widths, hidden then embedding, e.g. "500,500,2000,10". */
        public Builder widths(String value) {
            this.widths = value;
            return this;
        }

        /** Input scaling. */
        public Builder scaling(FeatureScaler.Mode value) {
            this.scaling = value;
            return this;
        }

        /** Autoencoder pre-training. */
        public Builder pretrain(PretrainConfig value) {
            this.pretrain = value;
            return this;
        }

        /** k-means restarts on the embeddings. */
        public Builder kmeansRestarts(int value) {
            this.kmeansRestarts = value;
            return this;
        }

        /** Student's t degrees of freedom. */
        public Builder alpha(double value) {
            this.alpha = value;
            return this;
        }

        /** Seed for weights, shuffling, noise and k-means. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** The clustering objective. */
        public Builder method(ClusteringMethod value) {
            this.method = value;
            return this;
        }

        /** The most epochs of the clustering phase. */
        public Builder clusterEpochs(int value) {
            this.clusterEpochs = value;
            return this;
        }

        /**
         * DEC/IDEC: batches between recomputations of P; a training set with fewer batches per
         * epoch refreshes P every epoch instead, so small buffers still see several updates.
         */
        public Builder updateInterval(int value) {
            this.updateInterval = value;
            return this;
        }

        /**
         * DEC/IDEC: the fraction of changed assignments between P updates below which training stops;
         * DAMIC: between two rounds of its experts.
         */
        public Builder tolerance(double value) {
            this.tolerance = value;
            return this;
        }

        /** IDEC: weight of the clustering loss, {@code L = L_reconstruction + gamma * KL(P‖Q)}. */
        public Builder gamma(double value) {
            this.gamma = value;
            return this;
        }

        /** DCN: weight of the k-means loss, {@code L = L_reconstruction + lambda / 2 * ||f(x) - M s||^2}. */
        public Builder lambda(double value) {
            this.lambda = value;
            return this;
        }

        /**
         * DAMIC: mini-batch steps each expert takes per round of reassignment (whole epochs, at least
         * one), and the fewest the gate takes to learn the experts' partition.
         */
        public Builder expertSteps(int value) {
            this.expertSteps = value;
            return this;
        }

        /** DEC/IDEC: weight of the balanced-assignment regulariser, 0 to turn it off. */
        public Builder balanceWeight(double value) {
            this.balanceWeight = value;
            return this;
        }

        /** Adam learning rate of the clustering phase. */
        public Builder clusterLearningRate(float value) {
            this.clusterLearningRate = value;
            return this;
        }

        /** Whether to cluster on the sphere (see {@link TrainingSettings#sphericalEmbedding()}). */
        public Builder sphericalEmbedding(boolean value) {
            this.sphericalEmbedding = value;
            return this;
        }

        /** Deep encoder, none, or chosen from the data (default {@link EncoderChoice#DEEP}). */
        public Builder encoder(EncoderChoice value) {
            this.encoder = value;
            return this;
        }

        /** The settings. */
        public TrainingSettings build() {
            return new TrainingSettings(k, widths, scaling, pretrain.withSeed(seed), kmeansRestarts, alpha, seed,
                    method, clusterEpochs, updateInterval, tolerance, gamma, lambda, expertSteps, balanceWeight,
                    clusterLearningRate, sphericalEmbedding, encoder);
        }
    }
}
