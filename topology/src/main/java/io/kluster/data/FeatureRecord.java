package io.kluster.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One input record: an id, a dense feature vector and an optional ground-truth label.
 *
 * <p>The {@code features} array is owned by the record and is not copied, because records are
 * created on the hot path for every input message; callers must not mutate it afterwards.
 * {@link #equals}, {@link #hashCode} and {@link #toString} compare and print the vector's
 * contents rather than its identity.
 *
 * @param id       the record id, never null
 * @param features the feature vector, never null
 * @param label    the ground-truth label or null; an integer label is kept as its decimal string
 */
public record FeatureRecord(String id, float[] features, String label) {

    /** Validates that the id and the features are present. */
    public FeatureRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(features, "features");
    }

    /** Creates an unlabelled record. */
    public FeatureRecord(String id, float[] features) {
        this(id, features, null);
    }

    /** Returns the number of features. */
    public int dimension() {
        return features.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureRecord other
            && id.equals(other.id)
            && Arrays.equals(features, other.features)
            && Objects.equals(label, other.label);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(features), label);
    }

    @Override
    public String toString() {
        return "FeatureRecord[id=" + id + ", features=" + Arrays.toString(features)
            + ", label=" + label + "]";
    }
}
