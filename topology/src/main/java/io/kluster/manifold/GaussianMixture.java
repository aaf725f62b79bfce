package io.kluster.manifold;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.MixtureMultivariateNormalDistribution;
import org.apache.commons.math3.distribution.MultivariateNormalDistribution;
import org.apache.commons.math3.distribution.fitting.MultivariateNormalMixtureExpectationMaximization;
import org.apache.commons.math3.exception.MathArithmeticException;
import org.apache.commons.math3.exception.MathIllegalArgumentException;
import org.apache.commons.math3.util.Pair;

/**
 * A mixture of k full-covariance Gaussians fitted by expectation maximisation (Commons Math), started
 * from a hard partition of the points: each component begins as the mean, covariance and share of
 * one part. Points then go to the component of highest posterior.
 */
public final class GaussianMixture {

    /** Added to every starting covariance's diagonal, so a part of nearly coincident points still has an inverse. */
    static final double COVARIANCE_FLOOR = 1e-6;

    private final List<Pair<Double, MultivariateNormalDistribution>> components;
    private final double logLikelihood;

    private GaussianMixture(List<Pair<Double, MultivariateNormalDistribution>> components, double logLikelihood) {
        this.components = components;
        this.logLikelihood = logLikelihood;
    }

    /**
     * Fits k components to {@code points} from the partition {@code start} (labels in {@code [0, k)},
     * each part with at least two points), for at most {@code iterations} EM steps or until the mean
     * log-likelihood gains less than {@code tolerance}.
     *
     * @throws IllegalStateException when EM meets a singular covariance (Commons Math's SingularMatrixException is
     *     an illegal argument) or a non-finite likelihood; the caller keeps its start
     */
    public static GaussianMixture fit(double[][] points, int[] start, int k, int iterations, double tolerance) {
        MixtureMultivariateNormalDistribution initial = new MixtureMultivariateNormalDistribution(startingComponents(points, start, k));
        try {
            MultivariateNormalMixtureExpectationMaximization em = new MultivariateNormalMixtureExpectationMaximization(points);
            em.fit(initial, iterations, tolerance);
            return new GaussianMixture(em.getFittedModel().getComponents(), em.getLogLikelihood());
        } catch (MathArithmeticException | MathIllegalArgumentException e) {
            throw new IllegalStateException("the Gaussian mixture degenerated: " + e.getMessage(), e);
        }
    }

    private static List<Pair<Double, MultivariateNormalDistribution>> startingComponents(double[][] points, int[] start, int k) {
        int d = points[0].length;
        List<Pair<Double, MultivariateNormalDistribution>> out = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            double[] mean = new double[d];
            int n = 0;
            for (int i = 0; i < points.length; i++) {
                if (start[i] == c) {
                    n++;
                    for (int j = 0; j < d; j++) {
                        mean[j] += points[i][j];
                    }
                }
            }
            if (n < 2) {
                throw new IllegalArgumentException("part " + c + " of the starting partition has " + n + " points, at least 2 needed");
            }
            for (int j = 0; j < d; j++) {
                mean[j] /= n;
            }
            double[][] covariance = new double[d][d];
            for (int i = 0; i < points.length; i++) {
                if (start[i] == c) {
                    for (int a = 0; a < d; a++) {
                        double da = points[i][a] - mean[a];
                        for (int b = 0; b <= a; b++) {
                            covariance[a][b] += da * (points[i][b] - mean[b]);
                        }
                    }
                }
            }
            for (int a = 0; a < d; a++) {
                for (int b = 0; b <= a; b++) {
                    covariance[a][b] /= n;
                    covariance[b][a] = covariance[a][b];
                }
                covariance[a][a] += COVARIANCE_FLOOR;
            }
            out.add(new Pair<>((double) n / points.length, new MultivariateNormalDistribution(mean, covariance)));
        }
        return out;
    }

    /** The number of components. */
    public int k() {
        return components.size();
    }

    /** The mean log-likelihood per point of the fitted mixture. */
    public double logLikelihood() {
        return logLikelihood;
    }

    /** The weight of component {@code c}. */
    public double weight(int c) {
        return components.get(c).getFirst();
    }

    /** The mean of component {@code c} (a copy). */
    public double[] mean(int c) {
        return components.get(c).getSecond().getMeans();
    }

    /**
     * The component of highest posterior for {@code point}; when every density underflows to zero (a point
     * far from them all), the component whose mean is nearest.
     */
    public int assign(double[] point) {
        int best = -1;
        double bestValue = 0;
        for (int c = 0; c < components.size(); c++) {
            double value = components.get(c).getFirst() * components.get(c).getSecond().density(point);
            if (value > bestValue) {
                bestValue = value;
                best = c;
            }
        }
        return best >= 0 ? best : nearestMean(point);
    }

    private int nearestMean(double[] point) {
        int best = 0;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < components.size(); c++) {
            double[] mean = components.get(c).getSecond().getMeans();
            double distance = 0;
            for (int j = 0; j < point.length; j++) {
                double diff = point[j] - mean[j];
                distance += diff * diff;
            }
            if (distance < bestDistance) {
                bestDistance = distance;
                best = c;
            }
        }
        return best;
    }
}
