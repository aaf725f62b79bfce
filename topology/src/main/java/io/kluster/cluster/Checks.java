package io.kluster.cluster;

/** Argument checks shared by this package; every failure is an {@link IllegalArgumentException}. */
final class Checks {

    private Checks() {
    }

    /** Checks that {@code vector} is non-null and non-empty, naming it in the message. */
    static void vector(float[] vector, String name) {
        if (vector == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (vector.length == 0) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }

    /** Checks that {@code matrix} is non-empty and rectangular with non-empty rows; returns the row length. */
    static int matrix(float[][] matrix, String name) {
        if (matrix == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (matrix.length == 0) {
            throw new IllegalArgumentException(name + " must have at least one row");
        }
        if (matrix[0] == null) {
            throw new IllegalArgumentException(name + "[0] must not be null");
        }
        int width = matrix[0].length;
        if (width == 0) {
            throw new IllegalArgumentException(name + " rows must not be empty");
        }
        for (int i = 1; i < matrix.length; i++) {
            if (matrix[i] == null) {
                throw new IllegalArgumentException(name + "[" + i + "] must not be null");
            }
            if (matrix[i].length != width) {
                throw new IllegalArgumentException(name + "[" + i + "] has length " + matrix[i].length
                        + " but " + name + "[0] has length " + width);
            }
        }
        return width;
    }

    /** Checks that every centroid has the embedding's dimension. */
    static void sameDimension(float[] embedding, float[][] centroids) {
        vector(embedding, "embedding");
        int width = matrix(centroids, "centroids");
        if (width != embedding.length) {
            throw new IllegalArgumentException("embedding has dimension " + embedding.length
                    + " but centroids have dimension " + width);
        }
    }

    /** Checks that every entry of {@code matrix} is finite, naming the first offender. */
    static void finite(float[][] matrix, String name) {
        for (int i = 0; i < matrix.length; i++) {
            float[] row = matrix[i];
            for (int j = 0; j < row.length; j++) {
                if (!Float.isFinite(row[j])) {
                    throw new IllegalArgumentException(
                            name + "[" + i + "][" + j + "] is not finite: " + row[j]);
                }
            }
        }
    }
}
