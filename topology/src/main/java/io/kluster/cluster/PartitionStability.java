package io.kluster.cluster;

import java.util.SplittableRandom;

/**
 * How reproducible a clustering procedure is on some points: the mean adjusted Rand index between its
 * partition of all the points and its partitions of random subsamples, each compared on the points it
 * holds. A procedure that finds structure the points have gives nearly the same parts from most of
 * them; one that cuts through a dense region cuts it elsewhere each time.
 */
public final class PartitionStability {

    /** A clustering procedure: the parts of {@code points}, drawn with {@code seed} where it draws. */
    @FunctionalInterface
    public interface Partitioner {
        /** Each point's part. */
        int[] partition(float[][] points, long seed);
    }

    private PartitionStability() {
    }

    /**
     * The mean ARI, over {@code resamples} subsamples of {@code fraction} of the points, between
     * {@code reference} (the procedure's partition of all of {@code points}) and the procedure's partition
     * of the subsample.
     */
    public static double of(Partitioner partitioner, float[][] points, int[] reference, int resamples,
            double fraction, SplittableRandom random) {
        if (reference.length != points.length) {
            throw new IllegalArgumentException("the reference labels " + reference.length + " points, not "
                    + points.length);
        }
        if (resamples < 1 || !(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("need at least one resample of a fraction in (0, 1)");
        }
        int size = (int) Math.round(fraction * points.length);
        double total = 0;
        for (int r = 0; r < resamples; r++) {
            int[] drawn = RowSample.indices(points.length, size, random);
            int[] parts = partitioner.partition(RowSample.rows(points, drawn), random.nextLong());
            int[] before = new int[size];
            for (int i = 0; i < size; i++) {
                before[i] = reference[drawn[i]];
            }
            total += ClusteringMetrics.adjustedRandIndex(before, parts);
        }
        return total / resamples;
    }
}
