package io.kluster.cluster;

import java.util.Arrays;
import java.util.Objects;

/**
 * The outcome of {@link KMeans#fit(float[][])}: the best restart's centroids and labels.
 *
 * @param centroids the cluster centres, {@code k} rows of the data's dimension
 * @param labels for each data row, the index of its nearest centroid
 * @param inertia the sum of squared Euclidean distances from each row to its centroid
 * @param iterations the number of Lloyd centroid updates the best restart performed
 * @param reseeded how many times the best restart moved an empty or duplicate cluster to a new point
 */
public record KMeansResult(float[][] centroids, int[] labels, double inertia, int iterations, int reseeded) {

    /** Validates the components; arrays are kept as given (not copied), so treat them as read-only. */
    public KMeansResult {
        Objects.requireNonNull(centroids, "centroids");
        Objects.requireNonNull(labels, "labels");
        if (iterations < 0 || reseeded < 0) {
            throw new IllegalArgumentException("iterations and reseeded must be non-negative, got "
                    + iterations + " and " + reseeded);
        }
    }

    /** Returns the number of clusters. */
    public int k() {
        return centroids.length;
    }

    /** Returns how many rows carry each label. */
    public int[] clusterSizes() {
        int[] sizes = new int[centroids.length];
        for (int label : labels) {
            sizes[label]++;
        }
        return sizes;
    }

    /** Compares all components, arrays by content. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof KMeansResult other)) {
            return false;
        }
        return Double.compare(inertia, other.inertia) == 0
                && iterations == other.iterations
                && reseeded == other.reseeded
                && Arrays.deepEquals(centroids, other.centroids)
                && Arrays.equals(labels, other.labels);
    }

    /** Hashes all components, arrays by content. */
    @Override
    public int hashCode() {
        int h = Objects.hash(inertia, iterations, reseeded);
        h = 31 * h + Arrays.deepHashCode(centroids);
        return 31 * h + Arrays.hashCode(labels);
    }

    /** Summarises the result without dumping the arrays. */
    @Override
    public String toString() {
        return "KMeansResult[k=" + centroids.length + ", n=" + labels.length + ", inertia=" + inertia
                + ", iterations=" + iterations + ", reseeded=" + reseeded + "]";
    }
}
