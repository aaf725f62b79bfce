package io.kluster.model;

/**
 * What a training run builds: the number of clusters, the encoder widths, how inputs are scaled,
 * how the autoencoder is pre-trained and how many k-means restarts pick the centroids.
 */
public record TrainingSettings(
        int k,
        String widths,
        FeatureScaler.Mode scaling,
        PretrainConfig pretrain,
        int kmeansRestarts,
        double alpha,
        long seed) {

    /** Validates the ranges. */
    public TrainingSettings {
        if (k < 2) {
            throw new IllegalArgumentException("k must be >= 2, got " + k);
        }
        EncoderSpec.of(1, widths);
        if (kmeansRestarts < 1) {
            throw new IllegalArgumentException("k-means restarts must be >= 1, got " + kmeansRestarts);
        }
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("alpha must be positive, got " + alpha);
        }
    }

    /** Settings with defaults for everything but k. */
    public static Builder builder(int k) {
        return new Builder(k);
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

        /** The settings. */
        public TrainingSettings build() {
            return new TrainingSettings(k, widths, scaling, pretrain.withSeed(seed), kmeansRestarts, alpha, seed);
        }
    }
}
