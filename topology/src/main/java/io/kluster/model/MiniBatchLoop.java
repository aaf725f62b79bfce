package io.kluster.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The batch loop every training phase shares: shuffle the rows each epoch, and for each mini-batch
 * open a native scope, compute the objective's loss under a gradient collector, back-propagate,
 * step the optimiser and let the objective update whatever it keeps outside the gradient.
 *
 * <p>Only one gradient collector may be open per JVM, so phases run one after another on the calling thread.
 */
final class MiniBatchLoop {

    /** One mini-batch: its rows' indices, their values row-major, and the same values as an array in {@code scope}. */
    record Batch(NDManager scope, int[] indices, float[] values, NDArray x) {

        /** The number of rows. */
        int size() {
            return indices.length;
        }
    }

    /** What a phase optimises, batch by batch. */
    interface Objective {

        /** Called before each batch, outside the gradient collector; false ends the phase. */
        default boolean beforeBatch() {
            return true;
        }

        /** The scalar loss of a batch, computed under the gradient collector. */
        NDArray loss(Batch batch);

        /** Called after the optimiser step with the batch's loss. */
        default void afterStep(Batch batch, double loss) {
        }
    }

    private final NDManager manager;
    private final float[][] rows;
    private final int dimension;
    private final int batchSize;
    private final SplittableRandom random;
    private final TrainingListener listener;
    private final int[] order;

    MiniBatchLoop(NDManager manager, float[][] rows, int batchSize, SplittableRandom random, TrainingListener listener) {
        this.manager = manager;
        this.listener = listener;
        this.rows = rows;
        this.dimension = rows[0].length;
        this.batchSize = batchSize;
        this.random = random;
        this.order = new int[rows.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
    }

    /** How many batches one epoch has. */
    int batchesPerEpoch() {
        return (rows.length + batchSize - 1) / batchSize;
    }

    /** Whole epochs that take at least {@code steps} mini-batch steps, and at least {@code least} epochs. */
    int epochsFor(int steps, int least) {
        return Math.max(least, (steps + batchesPerEpoch() - 1) / batchesPerEpoch());
    }

    /**
     * Runs one epoch, or less if the objective ends it, and returns the mean loss per row over the
     * batches that ran (NaN when none did).
     */
    double epoch(GradientStep step, Objective objective) {
        shuffle();
        double lossSum = 0;
        int seen = 0;
        for (int start = 0; start < rows.length; start += batchSize) {
            if (!objective.beforeBatch()) {
                break;
            }
            int b = Math.min(batchSize, rows.length - start);
            int[] indices = Arrays.copyOfRange(order, start, start + b);
            float[] values = new float[b * dimension];
            for (int i = 0; i < b; i++) {
                System.arraycopy(rows[indices[i]], 0, values, i * dimension, dimension);
            }
            try (NDManager scope = manager.newSubManager()) {
                Batch batch = new Batch(scope, indices, values, scope.create(values, new Shape(b, dimension)));
                double loss;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray lossArray = objective.loss(batch);
                    collector.backward(lossArray);
                    loss = lossArray.getFloat();
                }
                step.apply();
                objective.afterStep(batch, loss);
                lossSum += loss * b;
                seen += b;
            }
            listener.onBatch();
        }
        return seen == 0 ? Double.NaN : lossSum / seen;
    }

    private void shuffle() {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }
}
