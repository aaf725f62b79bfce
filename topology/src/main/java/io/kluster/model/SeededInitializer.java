package io.kluster.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.SplittableRandom;

/**
 * Glorot-uniform weights drawn from a seeded Java generator.
 *
 * <p>The engine's own initialisers draw from libtorch's global generator, which other threads
 * share; drawing here keeps a training run reproducible from its seed alone. Parameters are
 * initialised in block order, so the same seed and architecture give the same weights.
 */
final class SeededInitializer implements Initializer {

    private final SplittableRandom random;

    SeededInitializer(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        long fanOut = shape.get(0);
        long fanIn = shape.dimension() > 1 ? shape.size() / fanOut : fanOut;
        double bound = Math.sqrt(6.0 / (fanIn + fanOut));
        float[] values = new float[Math.toIntExact(shape.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        return manager.create(values, shape).toType(dataType, false);
    }
}
