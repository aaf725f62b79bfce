package io.kluster.cluster;

import java.util.SplittableRandom;

/**
 * Centroid bookkeeping shared by the clustering objectives: cluster means of a labelling, and
 * DeepCluster's reseeding of empty clusters.
 */
public final class Centroids {

    /** Relative size of the perturbation that splits a centroid in two when an empty cluster is reseeded. */
    public static final double SPLIT_PERTURBATION = 1e-3;

    private Centroids() {
    }

    /** The mean of each of the {@code k} clusters of {@code labels}; an empty cluster's mean is all zeros. */
    public static float[][] means(float[][] points, int[] labels, int k) {
        int d = Checks.matrix(points, "points");
        checkLabels(points, labels, k);
        double[][] sums = new double[k][d];
        int[] counts = new int[k];
        for (int i = 0; i < points.length; i++) {
            counts[labels[i]]++;
            for (int j = 0; j < d; j++) {
                sums[labels[i]][j] += points[i][j];
            }
        }
        float[][] means = new float[k][d];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d && counts[c] > 0; j++) {
                means[c][j] = (float) (sums[c][j] / counts[c]);
            }
        }
        return means;
    }

    /**
     * Reseeds every empty cluster as DeepCluster does, updating {@code centroids} and {@code labels} in
     * place, and returns how many clusters were reseeded.
     *
     * <p>An empty cluster takes a randomly chosen non-empty cluster's centroid, and the two are pushed
     * apart by a small symmetric perturbation (relative {@link #SPLIT_PERTURBATION}); the donor's points
     * then go to whichever of the two is nearer. Without this, an empty cluster stays empty forever and
     * the pseudo-labels collapse onto fewer classes.
     */
    public static int reseedEmpty(float[][] points, float[][] centroids, int[] labels, SplittableRandom random) {
        Checks.matrix(points, "points");
        Checks.matrix(centroids, "centroids");
        int k = centroids.length;
        checkLabels(points, labels, k);
        int[] counts = new int[k];
        for (int label : labels) {
            counts[label]++;
        }
        int reseeded = 0;
        for (int empty = 0; empty < k; empty++) {
            if (counts[empty] > 0) {
                continue;
            }
            int donor = randomNonEmpty(counts, random);
            float[] base = centroids[donor];
            float[] left = new float[base.length];
            float[] right = new float[base.length];
            for (int j = 0; j < base.length; j++) {
                // Scale by the coordinate's size so the split is meaningful at any scale; the floor keeps zeros splittable.
                double delta = SPLIT_PERTURBATION * Math.max(Math.abs(base[j]), 1e-3) * (random.nextBoolean() ? 1 : -1);
                left[j] = (float) (base[j] + delta);
                right[j] = (float) (base[j] - delta);
            }
            centroids[donor] = left;
            centroids[empty] = right;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == donor && KMeans.squaredDistance(points[i], right) < KMeans.squaredDistance(points[i], left)) {
                    labels[i] = empty;
                    counts[donor]--;
                    counts[empty]++;
                }
            }
            reseeded++;
        }
        return reseeded;
    }

    private static int randomNonEmpty(int[] counts, SplittableRandom random) {
        int nonEmpty = 0;
        for (int count : counts) {
            if (count > 0) {
                nonEmpty++;
            }
        }
        if (nonEmpty == 0) {
            throw new IllegalArgumentException("cannot reseed: every cluster is empty");
        }
        int pick = random.nextInt(nonEmpty);
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] > 0 && pick-- == 0) {
                return c;
            }
        }
        throw new AssertionError("unreachable");
    }

    private static void checkLabels(float[][] points, int[] labels, int k) {
        if (labels == null || labels.length != points.length) {
            throw new IllegalArgumentException("one label per point is required");
        }
        for (int label : labels) {
            if (label < 0 || label >= k) {
                throw new IllegalArgumentException("labels must lie in [0, " + k + "), got " + label);
            }
        }
    }
}
