package io.kluster.cluster;

import java.util.SplittableRandom;

/**
 * The leading principal components of a set of points, found by power iteration with deflation on
 * their covariance matrix, for drawing high-dimensional embeddings in two dimensions.
 */
public final class PrincipalComponents {

    private static final int MAX_ITERATIONS = 1_000;
    private static final double TOLERANCE = 1e-18;

    private final double[] mean;
    private final double[][] components;
    private final double[] variances;

    private PrincipalComponents(double[] mean, double[][] components, double[] variances) {
        this.mean = mean;
        this.components = components;
        this.variances = variances;
    }

    /**
     * Fits the {@code count} leading components of {@code points}; the iteration starts from a
     * seeded random vector so the signs of the components are reproducible.
     */
    public static PrincipalComponents fit(float[][] points, int count, long seed) {
        if (points.length < 2) {
            throw new IllegalArgumentException("principal components need at least 2 points, got " + points.length);
        }
        int d = points[0].length;
        if (count < 1 || count > d) {
            throw new IllegalArgumentException("component count must be in [1, " + d + "], got " + count);
        }
        double[] mean = new double[d];
        for (float[] p : points) {
            requireDimension(p, d);
            for (int j = 0; j < d; j++) {
                mean[j] += p[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= points.length;
        }
        double[][] covariance = new double[d][d];
        for (float[] p : points) {
            for (int a = 0; a < d; a++) {
                double da = p[a] - mean[a];
                for (int b = a; b < d; b++) {
                    covariance[a][b] += da * (p[b] - mean[b]);
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                covariance[a][b] /= points.length - 1;
                covariance[b][a] = covariance[a][b];
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[][] components = new double[count][];
        double[] variances = new double[count];
        for (int c = 0; c < count; c++) {
            double[] v = new double[d];
            for (int j = 0; j < d; j++) {
                v[j] = random.nextDouble(-1, 1);
            }
            normalise(v);
            double eigenvalue = 0;
            for (int it = 0; it < MAX_ITERATIONS; it++) {
                double[] next = multiply(covariance, v);
                double norm = normalise(next);
                if (norm == 0) {
                    break;
                }
                double change = 0;
                for (int j = 0; j < d; j++) {
                    change += (next[j] - v[j]) * (next[j] - v[j]);
                }
                v = next;
                eigenvalue = norm;
                if (change < TOLERANCE) {
                    break;
                }
            }
            components[c] = v;
            variances[c] = eigenvalue;
            // Deflate, so the next iteration finds the next direction of largest variance.
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    covariance[a][b] -= eigenvalue * v[a] * v[b];
                }
            }
        }
        return new PrincipalComponents(mean, components, variances);
    }

    /** The coordinates of {@code point} along each component. */
    public double[] project(float[] point) {
        requireDimension(point, mean.length);
        double[] out = new double[components.length];
        for (int c = 0; c < components.length; c++) {
            double s = 0;
            for (int j = 0; j < mean.length; j++) {
                s += (point[j] - mean[j]) * components[c][j];
            }
            out[c] = s;
        }
        return out;
    }

    /** Component {@code c}, a unit vector. */
    public double[] component(int c) {
        return components[c].clone();
    }

    /** The variance of the points along component {@code c}. */
    public double variance(int c) {
        return variances[c];
    }

    private static void requireDimension(float[] point, int d) {
        if (point.length != d) {
            throw new IllegalArgumentException("expected points of dimension " + d + ", got " + point.length);
        }
    }

    private static double[] multiply(double[][] m, double[] v) {
        double[] out = new double[v.length];
        for (int a = 0; a < v.length; a++) {
            double s = 0;
            for (int b = 0; b < v.length; b++) {
                s += m[a][b] * v[b];
            }
            out[a] = s;
        }
        return out;
    }

    private static double normalise(double[] v) {
        double norm = 0;
        for (double x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (norm > 0) {
            for (int j = 0; j < v.length; j++) {
                v[j] /= norm;
            }
        }
        return norm;
    }
}
