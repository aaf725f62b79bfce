package io.kluster.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
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
        int n = scaledRows.length;
        int d = ae.spec().inputDimension();
        SplittableRandom random = new SplittableRandom(config.seed());
        GradientStep step = new GradientStep(ae.parameters(), List.of(), config.learningRate());
        int[] order = identity(n);
        double lastLoss = Double.NaN;
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            shuffle(order, random);
            double lossSum = 0;
            for (int start = 0; start < n; start += config.batchSize()) {
                int b = Math.min(config.batchSize(), n - start);
                float[] clean = new float[b * d];
                for (int i = 0; i < b; i++) {
                    System.arraycopy(scaledRows[order[start + i]], 0, clean, i * d, d);
                }
                float[] input = config.maskingNoise() > 0 ? mask(clean, config.maskingNoise(), random) : clean;
                try (NDManager scope = ae.manager().newSubManager()) {
                    NDArray target = scope.create(clean, new Shape(b, d));
                    NDArray x = input == clean ? target : scope.create(input, new Shape(b, d));
                    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                        NDArray reconstruction = ae.decode(ae.encode(x, true), true);
                        NDArray loss = reconstruction.sub(target).square().mean();
                        collector.backward(loss);
                        lossSum += loss.getFloat() * b;
                    }
                    step.apply();
                }
            }
            lastLoss = lossSum / n;
            listener.onStep("pretrain", epoch, config.epochs(), lastLoss);
        }
        return lastLoss;
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

    static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
