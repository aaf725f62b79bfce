package io.kluster.cluster;

/**
 * Centroid bookkeeping shared by the clustering objectives: cluster means of a labelling, and the
 * reseeding of its empty clusters.
 */
public final class Centroids {

    private Centroids() {
    }

    /** The mean of each of the {@code k} clusters of {@code labels}; an empty cluster's mean is all zeros. */
    public static float[][] means(float[][] points, int[] labels, int k) {
        int d = Checks.matrix(points, "points");
        checkLabels(points, labels, k);
        double[][] sums = new double[k][d];
        int[] counts = new int[k];
        for (int i = 0; i < points.length; i++) {
            counts[labels[i]]++;
            for (int j = 0; j < d; j++) {
                sums[labels[i]][j] += points[i][j];
            }
        }
        float[][] means = new float[k][d];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d && counts[c] > 0; j++) {
                means[c][j] = (float) (sums[c][j] / counts[c]);
            }
        }
        return means;
    }

    /**
     * Reseeds every empty cluster by the rule {@link KMeans} applies between its iterations, updating
     * {@code centroids} and {@code labels} in place, and returns how many clusters were reseeded: the
     * point farthest from its own centroid, taken from a cluster that keeps at least one other point,
     * becomes the empty cluster's only point and its centroid. Without this an empty cluster stays
     * empty for good (a DAMIC gate that gives no record to one of its outputs, say).
     *
     * <p>One rule for every labelling with points at hand; only the online statistics, which keep no
     * points, split the heaviest cluster instead ({@link ClusterReseeder}).
     */
    public static int reseedEmpty(float[][] points, float[][] centroids, int[] labels) {
        Checks.matrix(points, "points");
        Checks.matrix(centroids, "centroids");
        int k = centroids.length;
        checkLabels(points, labels, k);
        int[] counts = new int[k];
        for (int label : labels) {
            counts[label]++;
        }
        double[] distances = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            distances[i] = KMeans.squaredDistance(points[i], centroids[labels[i]]);
        }
        int reseeded = 0;
        for (int empty = 0; empty < k; empty++) {
            if (counts[empty] > 0) {
                continue;
            }
            int chosen = -1;
            for (int i = 0; i < points.length; i++) {
                if (counts[labels[i]] > 1 && (chosen < 0 || distances[i] > distances[chosen])) {
                    chosen = i;
                }
            }
            if (chosen < 0) {
                break;
            }
            counts[labels[chosen]]--;
            labels[chosen] = empty;
            counts[empty] = 1;
            centroids[empty] = points[chosen].clone();
            // It sits on its own centroid now, so a second empty cluster takes another point.
            distances[chosen] = 0;
            reseeded++;
        }
        return reseeded;
    }

    private static void checkLabels(float[][] points, int[] labels, int k) {
        if (labels == null || labels.length != points.length) {
            throw new IllegalArgumentException("one label per point is required");
        }
        for (int label : labels) {
            if (label < 0 || label >= k) {
                throw new IllegalArgumentException("labels must lie in [0, " + k + "), got " + label);
            }
        }
    }
}
