package io.kluster.cluster;

import java.util.Arrays;

/**
 * The Hungarian (Kuhn-Munkres) algorithm for rectangular assignment problems.
 *
 * <p>This is the O(n^2 m) shortest-augmenting-path formulation with row and column potentials
 * (as in Jonker-Volgenant), run on the side with fewer rows so every row of the smaller side gets
 * a partner: with {@code n} rows and {@code m} columns, {@code min(n, m)} pairs are assigned.
 */
public final class Hungarian {

    private Hungarian() {
    }

    /**
     * Returns, for each row of {@code cost}, its assigned column or -1, minimising the total cost.
     *
     * <p>When there are more rows than columns, {@code n - m} rows get -1.
     */
    public static int[] minimumCostAssignment(double[][] cost) {
        int columns = validate(cost, "cost");
        int rows = cost.length;
        if (rows == 0 || columns == 0) {
            int[] none = new int[rows];
            Arrays.fill(none, -1);
            return none;
        }
        if (rows <= columns) {
            return solve(cost, rows, columns, false);
        }
        // The augmenting-path loop needs rows <= columns; solve the transpose and invert it.
        int[] columnToRow = solve(cost, columns, rows, true);
        int[] rowToColumn = new int[rows];
        Arrays.fill(rowToColumn, -1);
        for (int c = 0; c < columns; c++) {
            rowToColumn[columnToRow[c]] = c;
        }
        return rowToColumn;
    }

    /** Returns, for each row of {@code weight}, its assigned column or -1, maximising the total weight. */
    public static int[] maximumWeightAssignment(double[][] weight) {
        int columns = validate(weight, "weight");
        double[][] cost = new double[weight.length][columns];
        for (int i = 0; i < weight.length; i++) {
            for (int j = 0; j < columns; j++) {
                cost[i][j] = -weight[i][j];
            }
        }
        return minimumCostAssignment(cost);
    }

    private static int validate(double[][] matrix, String name) {
        if (matrix == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        if (matrix.length == 0) {
            return 0;
        }
        int columns = -1;
        for (int i = 0; i < matrix.length; i++) {
            double[] row = matrix[i];
            if (row == null) {
                throw new IllegalArgumentException(name + "[" + i + "] must not be null");
            }
            if (columns < 0) {
                columns = row.length;
            } else if (row.length != columns) {
                throw new IllegalArgumentException(name + " must be rectangular: row " + i + " has "
                        + row.length + " columns, row 0 has " + columns);
            }
            for (int j = 0; j < row.length; j++) {
                if (!Double.isFinite(row[j])) {
                    throw new IllegalArgumentException(
                            name + "[" + i + "][" + j + "] is not finite: " + row[j]);
                }
            }
        }
        return columns;
    }

    // Solves for n <= m. With transposed set, entry (i, j) of the working problem is cost[j][i].
    // Index 0 is a sentinel row/column, so the arrays are 1-based.
    private static int[] solve(double[][] cost, int n, int m, boolean transposed) {
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] match = new int[m + 1];
        int[] way = new int[m + 1];
        double[] minSlack = new double[m + 1];
        boolean[] used = new boolean[m + 1];
        for (int i = 1; i <= n; i++) {
            // Grow a shortest-path tree from row i through tight edges until it reaches a free column.
            match[0] = i;
            int j0 = 0;
            Arrays.fill(minSlack, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[j0] = true;
                int i0 = match[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double c = transposed ? cost[j - 1][i0 - 1] : cost[i0 - 1][j - 1];
                        double slack = c - u[i0] - v[j];
                        if (slack < minSlack[j]) {
                            minSlack[j] = slack;
                            way[j] = j0;
                        }
                        if (minSlack[j] < delta) {
                            delta = minSlack[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[match[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minSlack[j] -= delta;
                    }
                }
                j0 = j1;
            } while (match[j0] != 0);
            // Flip the augmenting path back to the root.
            do {
                int j1 = way[j0];
                match[j0] = match[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] rowToColumn = new int[n];
        Arrays.fill(rowToColumn, -1);
        for (int j = 1; j <= m; j++) {
            if (match[j] != 0) {
                rowToColumn[match[j] - 1] = j - 1;
            }
        }
        return rowToColumn;
    }
}
