package io.kluster.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * An in-memory dataset: row {@code i} has id {@code ids[i]}, vector {@code features[i]} and,
 * when the source has labels, ground truth {@code labels[i]}.
 *
 * <p>Arrays are owned by the dataset and not copied, since datasets can hold tens of thousands
 * of vectors; callers must not mutate them. All rows have the same dimension.
 *
 * @param ids      one id per row, never null
 * @param features one vector per row, all the same length, never null
 * @param labels   one label per row (a row's label may be null), or null when the source has none
 */
public record Dataset(String[] ids, float[][] features, String[] labels) {

    /** Validates that the arrays are present, agree in length and hold equal-length vectors. */
    public Dataset {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(features, "features");
        if (ids.length != features.length) {
            throw new IllegalArgumentException(
                "got " + ids.length + " ids for " + features.length + " feature vectors");
        }
        if (labels != null && labels.length != features.length) {
            throw new IllegalArgumentException(
                "got " + labels.length + " labels for " + features.length + " feature vectors");
        }
        for (int i = 0; i < features.length; i++) {
            Objects.requireNonNull(ids[i], "ids[" + i + "]");
            Objects.requireNonNull(features[i], "features[" + i + "]");
            if (features[i].length != features[0].length) {
                throw new IllegalArgumentException("row " + i + " has " + features[i].length
                    + " features but row 0 has " + features[0].length);
            }
        }
    }

    /** Returns the number of rows. */
    public int size() {
        return features.length;
    }

    /** Returns the number of features per row, or 0 for an empty dataset. */
    public int dimension() {
        return features.length == 0 ? 0 : features[0].length;
    }

    /** Returns true when the source carried a label column or labels file. */
    public boolean hasLabels() {
        return labels != null;
    }

    /** Returns the row at {@code index} as a {@link FeatureRecord} sharing this dataset's vector. */
    public FeatureRecord record(int index) {
        return new FeatureRecord(ids[index], features[index], labels == null ? null : labels[index]);
    }

    /**
     * Returns the first {@code n} rows, or this dataset when it has no more than {@code n}.
     *
     * @throws IllegalArgumentException when {@code n} is negative
     */
    public Dataset limit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + n);
        }
        if (n >= size()) {
            return this;
        }
        return new Dataset(Arrays.copyOf(ids, n), Arrays.copyOf(features, n),
            labels == null ? null : Arrays.copyOf(labels, n));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dataset other
            && Arrays.equals(ids, other.ids)
            && Arrays.deepEquals(features, other.features)
            && Arrays.equals(labels, other.labels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(ids), Arrays.deepHashCode(features), Arrays.hashCode(labels));
    }

    /** Summarises the shape rather than printing every vector. */
    @Override
    public String toString() {
        return "Dataset[size=" + size() + ", dimension=" + dimension()
            + ", labels=" + hasLabels() + "]";
    }
}
