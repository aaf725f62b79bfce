package io.kluster.cluster;

import java.util.Arrays;

/**
 * The counts of samples per (true class, predicted cluster) pair of two labelings.
 *
 * <p>Labels may be any non-negative ints; rows follow the distinct true classes and columns the
 * distinct predicted clusters, both in ascending label order. The table is stored sparsely, so
 * labelings with many distinct labels stay cheap. Instances are immutable.
 */
public final class ContingencyTable {

    private final int[] classes;
    private final int[] clusters;
    private final int[] classSizes;
    private final int[] clusterSizes;
    // Non-zero cells as parallel arrays, sorted by row then column.
    private final int[] cellRows;
    private final int[] cellColumns;
    private final int[] cellCounts;
    private final int total;

    private ContingencyTable(int[] classes, int[] clusters, int[] classSizes, int[] clusterSizes,
            int[] cellRows, int[] cellColumns, int[] cellCounts, int total) {
        this.classes = classes;
        this.clusters = clusters;
        this.classSizes = classSizes;
        this.clusterSizes = clusterSizes;
        this.cellRows = cellRows;
        this.cellColumns = cellColumns;
        this.cellCounts = cellCounts;
        this.total = total;
    }

    /** Tabulates two labelings of the same non-empty sample; labels must be non-negative. */
    public static ContingencyTable of(int[] truth, int[] predicted) {
        if (truth == null || predicted == null) {
            throw new IllegalArgumentException("labelings must not be null");
        }
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("labelings have different lengths: "
                    + truth.length + " and " + predicted.length);
        }
        if (truth.length == 0) {
            throw new IllegalArgumentException("labelings must not be empty");
        }
        int n = truth.length;
        int[] classes = distinct(truth, "truth");
        int[] clusters = distinct(predicted, "predicted");
        int[] classSizes = new int[classes.length];
        int[] clusterSizes = new int[clusters.length];
        // Encode each (row, column) pair in one long so a primitive sort groups equal cells
        // without boxing or a dense rows x columns array.
        long[] pairs = new long[n];
        for (int i = 0; i < n; i++) {
            int row = Arrays.binarySearch(classes, truth[i]);
            int column = Arrays.binarySearch(clusters, predicted[i]);
            classSizes[row]++;
            clusterSizes[column]++;
            pairs[i] = ((long) row << 32) | column;
        }
        Arrays.sort(pairs);
        int cells = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || pairs[i] != pairs[i - 1]) {
                cells++;
            }
        }
        int[] cellRows = new int[cells];
        int[] cellColumns = new int[cells];
        int[] cellCounts = new int[cells];
        int c = -1;
        for (int i = 0; i < n; i++) {
            if (i == 0 || pairs[i] != pairs[i - 1]) {
                c++;
                cellRows[c] = (int) (pairs[i] >>> 32);
                cellColumns[c] = (int) pairs[i];
            }
            cellCounts[c]++;
        }
        return new ContingencyTable(classes, clusters, classSizes, clusterSizes,
                cellRows, cellColumns, cellCounts, n);
    }

    private static int[] distinct(int[] labels, String name) {
        int[] sorted = labels.clone();
        Arrays.sort(sorted);
        if (sorted[0] < 0) {
            throw new IllegalArgumentException(name + " labels must be non-negative, got " + sorted[0]);
        }
        int size = 1;
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] != sorted[size - 1]) {
                sorted[size++] = sorted[i];
            }
        }
        return Arrays.copyOf(sorted, size);
    }

    /** Returns the number of samples. */
    public int total() {
        return total;
    }

    /** Returns the number of distinct true classes (rows). */
    public int numClasses() {
        return classes.length;
    }

    /** Returns the number of distinct predicted clusters (columns). */
    public int numClusters() {
        return clusters.length;
    }

    /** Returns the distinct true class labels in ascending order, one per row. */
    public int[] classes() {
        return classes.clone();
    }

    /** Returns the distinct predicted cluster labels in ascending order, one per column. */
    public int[] clusters() {
        return clusters.clone();
    }

    /** Returns the number of samples in each class (row sums). */
    public int[] classSizes() {
        return classSizes.clone();
    }

    /** Returns the number of samples in each cluster (column sums). */
    public int[] clusterSizes() {
        return clusterSizes.clone();
    }

    /** Returns the dense table, {@code counts()[row][column]}; mind its size for many labels. */
    public int[][] counts() {
        int[][] dense = new int[classes.length][clusters.length];
        for (int c = 0; c < cellCounts.length; c++) {
            dense[cellRows[c]][cellColumns[c]] = cellCounts[c];
        }
        return dense;
    }

    /** Returns the number of non-zero cells. */
    int numCells() {
        return cellCounts.length;
    }

    /** Returns the row of non-zero cell {@code c}. */
    int cellRow(int c) {
        return cellRows[c];
    }

    /** Returns the column of non-zero cell {@code c}. */
    int cellColumn(int c) {
        return cellColumns[c];
    }

    /** Returns the count of non-zero cell {@code c}. */
    int cellCount(int c) {
        return cellCounts[c];
    }

    /** Returns the size of class {@code row} without copying. */
    int classSize(int row) {
        return classSizes[row];
    }

    /** Returns the size of cluster {@code column} without copying. */
    int clusterSize(int column) {
        return clusterSizes[column];
    }

    /** Shows the shape of the table. */
    @Override
    public String toString() {
        return "ContingencyTable[total=" + total + ", classes=" + classes.length
                + ", clusters=" + clusters.length + "]";
    }
}
