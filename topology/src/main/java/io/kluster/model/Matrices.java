package io.kluster.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/** Copies between Java matrices and DJL arrays. */
final class Matrices {

    private Matrices() {
    }

    /** A rows × columns array in {@code manager} holding {@code rows}. */
    static NDArray create(NDManager manager, float[][] rows) {
        int columns = rows[0].length;
        float[] flat = new float[rows.length * columns];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * columns, columns);
        }
        return manager.create(flat, new Shape(rows.length, columns));
    }

    /** The selected rows of {@code matrix} as a rows × columns array in {@code manager}. */
    static NDArray gather(NDManager manager, float[][] matrix, int[] rows) {
        int columns = matrix[0].length;
        float[] flat = new float[rows.length * columns];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(matrix[rows[i]], 0, flat, i * columns, columns);
        }
        return manager.create(flat, new Shape(rows.length, columns));
    }

    /** A two-dimensional array's values as Java rows. */
    static float[][] rows(NDArray array) {
        int columns = Math.toIntExact(array.getShape().get(1));
        float[] flat = array.toFloatArray();
        float[][] out = new float[flat.length / columns][];
        for (int i = 0; i < out.length; i++) {
            out[i] = Arrays.copyOfRange(flat, i * columns, (i + 1) * columns);
        }
        return out;
    }

    /** The index of each row's largest entry (ties go to the lowest index). */
    static int[] argmaxRows(float[][] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            int best = 0;
            for (int j = 1; j < rows[i].length; j++) {
                if (rows[i][j] > rows[i][best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
