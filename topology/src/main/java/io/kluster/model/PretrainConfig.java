package io.kluster.model;

/**
 * How an autoencoder is pre-trained: epochs, mini-batch size, Adam learning rate, masking noise
 * (the fraction of inputs zeroed for a denoising autoencoder; 0 for a plain one) and the seed
 * that drives shuffling and noise.
 */
public record PretrainConfig(int epochs, int batchSize, float learningRate, float maskingNoise, long seed) {

    /** Default pre-training: 50 epochs, batch 256, Adam 1e-3, 10% masking noise, seed 42. */
    public static final PretrainConfig DEFAULT = new PretrainConfig(50, 256, 1e-3f, 0.1f, 42L);

    /** Validates the ranges. */
    public PretrainConfig {
        if (epochs < 0) {
            throw new IllegalArgumentException("epochs must be >= 0, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        if (!(maskingNoise >= 0 && maskingNoise < 1)) {
            throw new IllegalArgumentException("masking noise must be in [0, 1), got " + maskingNoise);
        }
    }

    /** A copy with another number of epochs. */
    public PretrainConfig withEpochs(int newEpochs) {
        return new PretrainConfig(newEpochs, batchSize, learningRate, maskingNoise, seed);
    }

    /** A copy with another seed. */
    public PretrainConfig withSeed(long newSeed) {
        return new PretrainConfig(epochs, batchSize, learningRate, maskingNoise, newSeed);
    }
}
