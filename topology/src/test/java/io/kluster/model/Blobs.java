package io.kluster.model;

import java.util.SplittableRandom;

/** Seeded Gaussian blobs for specifications that need clusterable data. */
final class Blobs {

    final float[][] rows;
    final int[] labels;

    private Blobs(float[][] rows, int[] labels) {
        this.rows = rows;
        this.labels = labels;
    }

    /** {@code perCluster} points around each of {@code k} random centres in {@code d} dimensions. */
    static Blobs generate(int k, int perCluster, int d, double spread, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] centres = new double[k][d];
        for (double[] centre : centres) {
            for (int j = 0; j < d; j++) {
                centre[j] = random.nextDouble(-10, 10);
            }
        }
        float[][] rows = new float[k * perCluster][d];
        int[] labels = new int[k * perCluster];
        for (int i = 0; i < rows.length; i++) {
            int c = i % k;
            labels[i] = c;
            for (int j = 0; j < d; j++) {
                rows[i][j] = (float) (centres[c][j] + spread * gaussian(random));
            }
        }
        return new Blobs(rows, labels);
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
