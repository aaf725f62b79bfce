package io.kluster.cluster;

import java.util.Arrays;
import java.util.Objects;

/**
 * The hard and soft assignment of one embedding to a set of centroids.
 *
 * @param cluster the index of the most likely cluster (ties go to the lowest index)
 * @param confidence the soft assignment of the chosen cluster, {@code q[cluster]}
 * @param distance the Euclidean (not squared) distance from the embedding to the chosen centroid
 * @param q the soft assignment over all clusters; it sums to one
 */
public record Assignment(int cluster, float confidence, float distance, float[] q) {

    /** Validates the components and takes a defensive copy of {@code q}. */
    public Assignment {
        Objects.requireNonNull(q, "q");
        if (cluster < 0 || cluster >= q.length) {
            throw new IllegalArgumentException(
                    "cluster " + cluster + " is out of range for " + q.length + " clusters");
        }
        q = q.clone();
    }

    /** Returns a copy of the soft assignment, so the record stays immutable. */
    @Override
    public float[] q() {
        return q.clone();
    }

    /** Returns the number of clusters. */
    public int numClusters() {
        return q.length;
    }

    /** Compares all components, {@code q} by content. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Assignment other)) {
            return false;
        }
        return cluster == other.cluster
                && Float.compare(confidence, other.confidence) == 0
                && Float.compare(distance, other.distance) == 0
                && Arrays.equals(q, other.q);
    }

    /** Hashes all components, {@code q} by content. */
    @Override
    public int hashCode() {
        int h = Objects.hash(cluster, confidence, distance);
        return 31 * h + Arrays.hashCode(q);
    }

    /** Shows all components, {@code q} by content. */
    @Override
    public String toString() {
        return "Assignment[cluster=" + cluster + ", confidence=" + confidence
                + ", distance=" + distance + ", q=" + Arrays.toString(q) + "]";
    }
}
