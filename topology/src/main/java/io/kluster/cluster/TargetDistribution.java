package io.kluster.cluster;

/**
 * DEC's auxiliary target distribution, which sharpens soft assignments towards confident clusters.
 *
 * <p>{@code p_ij = (q_ij^2 / f_j) / sum_j' (q_ij'^2 / f_j')} with cluster frequencies
 * {@code f_j = sum_i q_ij}. Dividing by {@code f_j} keeps large clusters from absorbing everything.
 */
public final class TargetDistribution {

    private TargetDistribution() {
    }

    /** Returns the target distribution for the soft assignments {@code q} (one row per sample). */
    public static float[][] of(float[][] q) {
        int k = Checks.matrix(q, "q");
        int n = q.length;
        double[] frequency = new double[k];
        for (int i = 0; i < n; i++) {
            float[] row = q[i];
            for (int j = 0; j < k; j++) {
                float v = row[j];
                if (!(v >= 0.0f) || Float.isInfinite(v)) {
                    throw new IllegalArgumentException(
                            "q[" + i + "][" + j + "] must be finite and non-negative, got " + v);
                }
                frequency[j] += v;
            }
        }
        float[][] p = new float[n][k];
        double[] weight = new double[k];
        for (int i = 0; i < n; i++) {
            float[] row = q[i];
            double sum = 0.0;
            for (int j = 0; j < k; j++) {
                // f_j = 0 means every q_ij in the column is 0, so the limit of the term is 0 too.
                double w = frequency[j] > 0.0 ? (double) row[j] * row[j] / frequency[j] : 0.0;
                weight[j] = w;
                sum += w;
            }
            float[] out = p[i];
            if (sum > 0.0) {
                for (int j = 0; j < k; j++) {
                    out[j] = (float) (weight[j] / sum);
                }
            } else {
                // A row of zeros carries no preference; uniform keeps every row a distribution.
                float uniform = 1.0f / k;
                for (int j = 0; j < k; j++) {
                    out[j] = uniform;
                }
            }
        }
        return p;
    }
}
