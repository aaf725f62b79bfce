package io.kluster.model;

import java.util.SplittableRandom;

/**
 * The synthetic set of the DAMIC paper (after DCN's): points of k clusters in a 2-D latent space
 * pushed through {@code x = σ(W·v)²} into 100 dimensions, W Gaussian. Here each latent cluster is
 * an elongated Gaussian (standard deviations 1.5 and 0.15, at a random angle) around a point of a
 * circle of radius 3, so that the clusters are separable in the latent space (the Bayes rule with
 * the true parameters reaches NMI ≈ 0.94) but not by k-means (≈ 0.78 on x): the figures of the
 * paper's table, KM 0.80 against DAMIC 0.94.
 */
final class NonlinearMixture {

    static final int DIMENSION = 100;

    final float[][] rows;
    final int[] labels;

    private NonlinearMixture(float[][] rows, int[] labels) {
        this.rows = rows;
        this.labels = labels;
    }

    /** {@code perCluster} points of each of {@code k} clusters, seeded. */
    static NonlinearMixture generate(int k, int perCluster, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] w = new double[DIMENSION][2];
        for (double[] row : w) {
            row[0] = gaussian(random);
            row[1] = gaussian(random);
        }
        double[] angles = new double[k];
        for (int c = 0; c < k; c++) {
            angles[c] = random.nextDouble(0, Math.PI);
        }
        float[][] rows = new float[k * perCluster][DIMENSION];
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            int c = i % k;
            labels[i] = c;
            double along = 1.5 * gaussian(random);
            double across = 0.15 * gaussian(random);
            double v0 = 3 * Math.cos(2 * Math.PI * c / k) + along * Math.cos(angles[c]) - across * Math.sin(angles[c]);
            double v1 = 3 * Math.sin(2 * Math.PI * c / k) + along * Math.sin(angles[c]) + across * Math.cos(angles[c]);
            for (int j = 0; j < DIMENSION; j++) {
                double s = 1 / (1 + Math.exp(-(w[j][0] * v0 + w[j][1] * v1)));
                rows[i][j] = (float) (s * s);
            }
        }
        return new NonlinearMixture(rows, labels);
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
