package io.kluster.cluster;

import java.math.BigInteger;

/**
 * External clustering metrics that compare predicted clusters with true classes.
 *
 * <p>Labels are arbitrary non-negative ints and need not be contiguous; the number of clusters may
 * differ from the number of classes. Logarithms are natural. Limit cases follow scikit-learn 1.2:
 * two single-cluster labelings score 1.0 on NMI and ARI. Empty labelings are rejected.
 */
public final class ClusteringMetrics {

    // scikit-learn zeroes mutual-information terms below machine epsilon; do the same to agree.
    private static final double EPSILON = Math.ulp(1.0);

    private ClusteringMetrics() {
    }

    /** Returns the unsupervised clustering accuracy: the share of samples right under the best one-to-one cluster-to-class map. */
    public static double accuracy(int[] truth, int[] predicted) {
        return accuracy(ContingencyTable.of(truth, predicted));
    }

    /** Returns the unsupervised clustering accuracy of a contingency table. */
    public static double accuracy(ContingencyTable table) {
        int[][] counts = table.counts();
        double[][] weight = new double[counts.length][];
        for (int r = 0; r < counts.length; r++) {
            weight[r] = new double[counts[r].length];
            for (int c = 0; c < counts[r].length; c++) {
                weight[r][c] = counts[r][c];
            }
        }
        // Surplus clusters (or classes) stay unmatched, and their samples count as wrong.
        int[] match = Hungarian.maximumWeightAssignment(weight);
        long correct = 0;
        for (int r = 0; r < match.length; r++) {
            if (match[r] >= 0) {
                correct += counts[r][match[r]];
            }
        }
        return (double) correct / table.total();
    }

    /**
     * How many positions of two labellings of the same rows differ, ids taken as they are (no matching):
     * how many rows an iterative method moved between two of its own steps.
     */
    public static int changedLabels(int[] before, int[] after) {
        if (before.length != after.length) {
            throw new IllegalArgumentException("labellings of " + before.length + " and " + after.length + " rows");
        }
        int changed = 0;
        for (int i = 0; i < before.length; i++) {
            changed += before[i] != after[i] ? 1 : 0;
        }
        return changed;
    }

    /** Returns the normalised mutual information with arithmetic-mean normalisation, scikit-learn's default. */
    public static double nmi(int[] truth, int[] predicted) {
        return nmi(ContingencyTable.of(truth, predicted), false);
    }

    /** Returns the normalised mutual information with geometric-mean normalisation, {@code MI / sqrt(H(T) H(C))}. */
    public static double nmiGeometric(int[] truth, int[] predicted) {
        return nmi(ContingencyTable.of(truth, predicted), true);
    }

    /** Returns the mutual information between the two labelings, in nats. */
    public static double mutualInformation(int[] truth, int[] predicted) {
        return mutualInformation(ContingencyTable.of(truth, predicted));
    }

    /** Returns the adjusted Rand index: 1 for identical partitions, about 0 for independent ones. */
    public static double adjustedRandIndex(int[] truth, int[] predicted) {
        return adjustedRandIndex(ContingencyTable.of(truth, predicted));
    }

    /** Returns the adjusted Rand index of a contingency table. */
    public static double adjustedRandIndex(ContingencyTable table) {
        // Pair-counting form (as scikit-learn's pair_confusion_matrix), which is exact in integers
        // and defines the all-pairs-agree limit cases without a 0/0.
        long n = table.total();
        long sumSquares = 0;
        long byClusterSize = 0;
        long byClassSize = 0;
        for (int c = 0; c < table.numCells(); c++) {
            long count = table.cellCount(c);
            sumSquares += count * count;
            byClusterSize += count * table.clusterSize(table.cellColumn(c));
            byClassSize += count * table.classSize(table.cellRow(c));
        }
        long truePositives = sumSquares - n;
        long falsePositives = byClusterSize - sumSquares;
        long falseNegatives = byClassSize - sumSquares;
        long trueNegatives = n * n - falsePositives - falseNegatives - sumSquares;
        if (falseNegatives == 0 && falsePositives == 0) {
            return 1.0;
        }
        // The products overflow long from about 55,000 samples, so finish in BigInteger.
        BigInteger tp = BigInteger.valueOf(truePositives);
        BigInteger tn = BigInteger.valueOf(trueNegatives);
        BigInteger fp = BigInteger.valueOf(falsePositives);
        BigInteger fn = BigInteger.valueOf(falseNegatives);
        BigInteger numerator = tp.multiply(tn).subtract(fn.multiply(fp));
        BigInteger denominator = tp.add(fn).multiply(fn.add(tn)).add(tp.add(fp).multiply(fp.add(tn)));
        return 2.0 * numerator.doubleValue() / denominator.doubleValue();
    }

    private static double nmi(ContingencyTable table, boolean geometric) {
        if (table.numClasses() == 1 && table.numClusters() == 1) {
            // Neither labeling splits the data: a perfect match with zero entropy on both sides.
            return 1.0;
        }
        double mi = mutualInformation(table);
        if (mi == 0.0) {
            return 0.0;
        }
        double hTruth = entropy(table.classSizes(), table.total());
        double hPredicted = entropy(table.clusterSizes(), table.total());
        double normaliser = geometric ? Math.sqrt(hTruth * hPredicted) : (hTruth + hPredicted) / 2.0;
        return mi / normaliser;
    }

    /** Returns the mutual information of a contingency table, in nats. */
    public static double mutualInformation(ContingencyTable table) {
        if (table.numClasses() == 1 || table.numClusters() == 1) {
            // MI <= min(H(T), H(C)) and a single label has zero entropy.
            return 0.0;
        }
        double n = table.total();
        double logN = Math.log(n);
        double sum = 0.0;
        for (int c = 0; c < table.numCells(); c++) {
            double count = table.cellCount(c);
            double share = count / n;
            double outer = (double) table.classSize(table.cellRow(c)) * table.clusterSize(table.cellColumn(c));
            // share * log(n * n_ij / (a_i * b_j)), split up the way scikit-learn does for agreement.
            double term = share * (Math.log(count) - logN) + share * (-Math.log(outer) + logN + logN);
            if (Math.abs(term) >= EPSILON) {
                sum += term;
            }
        }
        return Math.max(sum, 0.0);
    }

    private static double entropy(int[] sizes, int total) {
        double logTotal = Math.log(total);
        double h = 0.0;
        for (int size : sizes) {
            double p = (double) size / total;
            h -= p * (Math.log(size) - logTotal);
        }
        return h;
    }
}
