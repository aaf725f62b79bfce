package io.kluster.data;

import io.kluster.fields.FieldValues;
import java.util.Arrays;
import java.util.Objects;

/**
 * One input record: an id, a dense feature vector or named fields, and an optional ground-truth label.
 *
 * <p>The {@code features} array is owned by the record and is not copied, because records are
 * created on the hot path for every input message; callers must not mutate it afterwards.
 * {@link #equals}, {@link #hashCode} and {@link #toString} compare and print the vector's
 * contents rather than its identity.
 *
 * @param id       the record id, never null
 * @param features the feature vector, never null
 * @param label    the ground-truth label or null; an integer label is kept as its decimal string
 * @param fields   the named feature fields of an event, or null for a vector record; an event's
 *                 features are empty until a schema encodes its fields
 */
public record FeatureRecord(String id, float[] features, String label, FieldValues fields) {

    /** Validates that the id and the features are present. */
    public FeatureRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(features, "features");
    }

    /** Creates a vector record. */
    public FeatureRecord(String id, float[] features, String label) {
        this(id, features, label, null);
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
            && Objects.equals(label, other.label)
            && Objects.equals(fields, other.fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, Arrays.hashCode(features), label, fields);
    }

    @Override
    public String toString() {
        return "FeatureRecord[id=" + id + ", features=" + Arrays.toString(features)
            + ", label=" + label + (fields == null ? "" : ", fields=" + fields.values()) + "]";
    }
}
