package io.kluster.manifold;

/**
 * What the neighbourhood step found: a label in {@code [0, k)} for every point, and how.
 *
 * @param labels        each point's part, in the order of the points given
 * @param mixtureFitted whether the Gaussian mixture converged on the layout; when not, the labels are
 *                      the k-means partition of the layout it started from
 * @param logLikelihood the mixture's mean log-likelihood per point (NaN when it was not fitted)
 * @param seconds       the step's wall time
 */
public record NeighbourhoodPartition(int[] labels, boolean mixtureFitted, double logLikelihood, double seconds) {

    /** The number of points in each of {@code k} parts. */
    public int[] sizes(int k) {
        return sizes(labels, k);
    }

    /** The number of {@code labels} equal to each of {@code 0 .. k-1}. */
    static int[] sizes(int[] labels, int k) {
        int[] sizes = new int[k];
        for (int label : labels) {
            sizes[label]++;
        }
        return sizes;
    }
}
