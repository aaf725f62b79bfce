package io.kluster.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * The clusterer's verdict on one input record.
 *
 * <p>The {@code q} array is owned by the record and not copied; {@link #equals},
 * {@link #hashCode} and {@link #toString} use its contents.
 *
 * @param id           the id of the input record, never null
 * @param cluster      the index of the assigned cluster
 * @param confidence   the soft-assignment probability of {@code cluster}, in [0, 1]
 * @param q            the full soft-assignment distribution over clusters, or null when not emitted
 * @param modelVersion the version of the model that produced the assignment
 * @param distance     the distance from the embedding to the assigned centroid
 */
public record ClusterAssignment(
    String id, int cluster, float confidence, float[] q, long modelVersion, float distance) {

    /** Validates that the id is present. */
    public ClusterAssignment {
        Objects.requireNonNull(id, "id");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterAssignment other
            && id.equals(other.id)
            && cluster == other.cluster
            && Float.compare(confidence, other.confidence) == 0
            && Arrays.equals(q, other.q)
            && modelVersion == other.modelVersion
            && Float.compare(distance, other.distance) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, cluster, confidence, Arrays.hashCode(q), modelVersion, distance);
    }

    @Override
    public String toString() {
        return "ClusterAssignment[id=" + id + ", cluster=" + cluster + ", confidence=" + confidence
            + ", q=" + Arrays.toString(q) + ", modelVersion=" + modelVersion
            + ", distance=" + distance + "]";
    }
}
