package io.kluster.model;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.SplittableRandom;

/** Trains an autoencoder to reconstruct its (optionally masked) input with mean squared error. */
public final class AutoencoderPretrainer {

    private final PretrainConfig config;

    /** A pre-trainer with the given settings. */
    public AutoencoderPretrainer(PretrainConfig config) {
        this.config = config;
    }

    /**
     * Runs {@link PretrainConfig#epochs()} epochs over the already scaled rows and returns the last
     * epoch's mean reconstruction loss (NaN when no epoch ran).
     */
    public double train(Autoencoder ae, float[][] scaledRows, TrainingListener listener) {
        SplittableRandom random = new SplittableRandom(config.seed());
        MiniBatchLoop loop = new MiniBatchLoop(ae.manager(), scaledRows, config.batchSize(), random, listener);
        GradientStep step = new GradientStep(ae.parameters(), List.of(), config.learningRate());
        MiniBatchLoop.Objective reconstruction = batch -> {
            NDArray input = config.maskingNoise() > 0
                    ? batch.scope().create(mask(batch.values(), config.maskingNoise(), random), batch.x().getShape())
                    : batch.x();
            return reconstructionError(ae, input, batch.x());
        };
        double lastLoss = Double.NaN;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            lastLoss = loop.epoch(step, reconstruction);
            listener.onStep("pretrain", epoch, config.epochs(), lastLoss);
        }
        return lastLoss;
    }

    /**
     * Trains only the decoder, for {@link PretrainConfig#epochs()} epochs, to reconstruct the rows
     * from the codes of the encoder as it stands (the encoder does not change), and returns the last
     * epoch's mean reconstruction loss (NaN when no epoch ran). A method whose clustering phase moved
     * the encoder without the decoder (DEC, DAMIC) so ships a decoder that fits its encoder, which a
     * retrain's reconstruction epochs and the reconstruction metric need.
     */
    public double fitDecoder(Autoencoder ae, float[][] scaledRows, TrainingListener listener) {
        SplittableRandom random = new SplittableRandom(config.seed());
        MiniBatchLoop loop = new MiniBatchLoop(ae.manager(), scaledRows, config.batchSize(), random, listener);
        GradientStep step = new GradientStep(ae.decoderParameters(), List.of(), config.learningRate());
        MiniBatchLoop.Objective reconstruction = batch ->
                ae.decode(ae.encode(batch.x(), false).stopGradient(), true).sub(batch.x()).square().mean();
        double lastLoss = Double.NaN;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            lastLoss = loop.epoch(step, reconstruction);
            listener.onStep("decoder", epoch, config.epochs(), lastLoss);
        }
        return lastLoss;
    }

    /** Mean squared error per feature of reconstructing {@code target} from {@code input}, training mode. */
    static NDArray reconstructionError(Autoencoder ae, NDArray input, NDArray target) {
        return ae.decode(ae.encode(input, true), true).sub(target).square().mean();
    }

    static float[] mask(float[] clean, float fraction, SplittableRandom random) {
        float[] out = clean.clone();
        for (int i = 0; i < out.length; i++) {
            if (random.nextFloat() < fraction) {
                out[i] = 0f;
            }
        }
        return out;
    }
}
