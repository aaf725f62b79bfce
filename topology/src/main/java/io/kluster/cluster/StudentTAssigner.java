package io.kluster.cluster;

/**
 * Soft-assigns embeddings to centroids with the Student's t kernel of Deep Embedded Clustering (DEC).
 *
 * <p>For an embedding {@code z} and centroids {@code mu_j} the soft assignment is
 * {@code q_j = (1 + ||z - mu_j||^2 / alpha)^(-(alpha + 1) / 2)}, normalised to sum to one over
 * {@code j}. Instances are immutable and thread-safe.
 */
public final class StudentTAssigner {

    /** The degrees of freedom DEC uses: one, which makes the kernel {@code 1 / (1 + d^2)}. */
    public static final double DEFAULT_ALPHA = 1.0;

    private final double alpha;
    private final double exponent;

    /** Creates an assigner with {@link #DEFAULT_ALPHA}. */
    public StudentTAssigner() {
        this(DEFAULT_ALPHA);
    }

    /** Creates an assigner with {@code alpha} degrees of freedom, which must be positive and finite. */
    public StudentTAssigner(double alpha) {
        if (!(alpha > 0.0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha must be positive and finite, got " + alpha);
        }
        this.alpha = alpha;
        this.exponent = (alpha + 1.0) / 2.0;
    }

    /** Returns the degrees of freedom of the kernel. */
    public double alpha() {
        return alpha;
    }

    /** Assigns {@code embedding} to the most likely of {@code centroids}, with the full soft assignment. */
    public Assignment assign(float[] embedding, float[][] centroids) {
        float[] q = new float[centroids == null ? 0 : centroids.length];
        softAssign(embedding, centroids, q);
        int best = 0;
        for (int j = 1; j < q.length; j++) {
            // Strict comparison so ties go to the lowest index.
            if (q[j] > q[best]) {
                best = j;
            }
        }
        double distance = Math.sqrt(squaredDistance(embedding, centroids[best]));
        return new Assignment(best, q[best], (float) distance, q);
    }

    /** Writes the soft assignment of {@code embedding} to {@code centroids} into {@code qOut}, allocating nothing. */
    public void softAssign(float[] embedding, float[][] centroids, float[] qOut) {
        Checks.sameDimension(embedding, centroids);
        if (qOut == null || qOut.length != centroids.length) {
            throw new IllegalArgumentException("qOut must have one entry per centroid ("
                    + centroids.length + "), got " + (qOut == null ? "null" : qOut.length));
        }
        softAssignUnchecked(embedding, centroids, qOut);
    }

    /** Returns the soft assignment of every row of {@code embeddings}, one row per embedding. */
    public float[][] softAssignAll(float[][] embeddings, float[][] centroids) {
        int width = Checks.matrix(embeddings, "embeddings");
        Checks.sameDimension(embeddings[0], centroids);
        if (width != centroids[0].length) {
            throw new IllegalArgumentException("embeddings have dimension " + width
                    + " but centroids have dimension " + centroids[0].length);
        }
        float[][] q = new float[embeddings.length][centroids.length];
        for (int i = 0; i < embeddings.length; i++) {
            softAssignUnchecked(embeddings[i], centroids, q[i]);
        }
        return q;
    }

    private void softAssignUnchecked(float[] z, float[][] centroids, float[] qOut) {
        int k = centroids.length;
        // The kernel underflows to zero for every centroid once the embedding is far from all of
        // them, so work with ratios against the nearest centroid instead:
        // q_j / q_min = ((alpha + d_min^2) / (alpha + d_j^2))^exponent, which lies in (0, 1].
        // qOut doubles as scratch for the distances (not squared, so they stay in float range).
        double minD2 = Double.POSITIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            double d2 = squaredDistance(z, centroids[j]);
            if (Double.isNaN(d2) || Double.isInfinite(d2)) {
                throw new IllegalArgumentException(
                        "embedding or centroid " + j + " contains a non-finite value");
            }
            qOut[j] = (float) Math.sqrt(d2);
            if (d2 < minD2) {
                minD2 = d2;
            }
        }
        double numerator = alpha + minD2;
        boolean overflowed = Float.isInfinite((float) Math.sqrt(minD2));
        double sum = 0.0;
        for (int j = 0; j < k; j++) {
            double d2;
            if (overflowed) {
                // Only reachable with coordinates near Float.MAX_VALUE: the float scratch cannot hold
                // the distances, so pay for recomputing them in double.
                d2 = squaredDistance(z, centroids[j]);
            } else {
                double d = qOut[j];
                d2 = d * d;
            }
            double ratio = numerator / (alpha + d2);
            double kernel = exponent == 1.0 ? ratio : Math.pow(ratio, exponent);
            qOut[j] = (float) kernel;
            sum += kernel;
        }
        // sum >= 1 because the nearest centroid contributes exactly one, so this never divides by zero.
        for (int j = 0; j < k; j++) {
            qOut[j] = (float) (qOut[j] / sum);
        }
    }

    private static double squaredDistance(float[] a, float[] b) {
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            double diff = (double) a[i] - b[i];
            sum += diff * diff;
        }
        return sum;
    }

    /** Shows the degrees of freedom. */
    @Override
    public String toString() {
        return "StudentTAssigner[alpha=" + alpha + "]";
    }
}
