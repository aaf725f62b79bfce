package io.kluster.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Uniform draws of distinct rows, for the steps that work on a subsample of their points. */
public final class RowSample {

    private RowSample() {
    }

    /**
     * {@code size} distinct indices of {@code [0, n)}, uniformly, in the order drawn: the head of a
     * partial Fisher–Yates shuffle, so the draw costs {@code size} random numbers.
     */
    public static int[] indices(int n, int size, SplittableRandom random) {
        if (size < 0 || size > n) {
            throw new IllegalArgumentException("cannot draw " + size + " of " + n + " rows");
        }
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = 0; i < size; i++) {
            int j = i + random.nextInt(n - i);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return Arrays.copyOf(order, size);
    }

    /** The rows at {@code indices}, in that order (the arrays are shared, not copied). */
    public static float[][] rows(float[][] rows, int[] indices) {
        float[][] out = new float[indices.length][];
        for (int i = 0; i < indices.length; i++) {
            out[i] = rows[indices[i]];
        }
        return out;
    }
}
