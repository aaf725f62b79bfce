package io.kluster.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Chooses the number of clusters as the k whose k-means partition is most reproducible.
 *
 * <p>For each k in the range, k-means is fitted on pairs of random subsamples (each a fraction of
 * the points, drawn independently); both fits then label every point by its nearest centroid, and
 * the stability at k is the median over the pairs of the adjusted Rand index between the two
 * labelings (the median, so that one fit caught in a poor optimum does not pass for instability). A k that matches
 * real structure gives the same partition whichever records happen to be drawn; too many clusters
 * cut a group at a place that moves from sample to sample, too few merge groups in ways that
 * change with the sample. The chosen k is the largest whose stability is within
 * {@value #TIE_TOLERANCE} of the highest: data of several well-separated groups also splits in two
 * the same way every time, so of equally reproducible partitions the finest is the structure.
 *
 * <p>Large inputs are first subsampled to {@link Builder#sampleSize(int) sampleSize} points: the
 * criterion needs the shape of the data, not every record, and its cost is then bounded. Every
 * random choice derives from the seed, so the same points give the same selection.
 */
public final class StabilityKSelector {

    /** The criterion's name, as recorded in a model. */
    public static final String CRITERION = "stability";
    /** Default pairs of subsamples per k. */
    public static final int DEFAULT_RESAMPLES = 5;
    /** Default fraction of the points in each subsample. */
    public static final double DEFAULT_FRACTION = 0.8;
    /** Default cap on the points the criterion reads. */
    public static final int DEFAULT_SAMPLE_SIZE = 3000;
    /** Fewest points per cluster, on average over a subsample, for a k to be tried. */
    public static final int MIN_POINTS_PER_CLUSTER = 5;
    /** How close to the highest stability a larger k may be and still be chosen over a smaller one. */
    public static final double TIE_TOLERANCE = 0.005;
    // k-means++ restarts per fit: a poor optimum looks like instability. Groups at very unequal
    // distances (a few far out, many close together) need about ten before every fit finds them all.
    private static final int RESTARTS = 10;

    private final int kMin;
    private final int kMax;
    private final int resamples;
    private final double fraction;
    private final int sampleSize;
    private final long seed;

    private StabilityKSelector(Builder builder) {
        this.kMin = builder.kMin;
        this.kMax = builder.kMax;
        this.resamples = builder.resamples;
        this.fraction = builder.fraction;
        this.sampleSize = builder.sampleSize;
        this.seed = builder.seed;
    }

    /** A builder over k in [{@code kMin}, {@code kMax}]. */
    public static Builder builder(int kMin, int kMax) {
        return new Builder(kMin, kMax);
    }

    /** The smallest k tried. */
    public int kMin() {
        return kMin;
    }

    /** The largest k tried, when the points are many enough. */
    public int kMax() {
        return kMax;
    }

    /**
     * The largest k that {@code n} points can support: each subsample keeps
     * {@value #MIN_POINTS_PER_CLUSTER} points per cluster on average. Never below {@link #kMin()}.
     */
    public int largestK(int n) {
        int drawn = (int) (fraction * Math.min(n, sampleSize));
        return Math.max(kMin, Math.min(kMax, drawn / MIN_POINTS_PER_CLUSTER));
    }

    /** Selects k for {@code points} (all of one dimension, at least {@code kMin} of them). */
    public KSelection select(float[][] points) {
        return select(points, k -> { });
    }

    /** Selects k for {@code points}, telling {@code onTried} each k once its stability is known. */
    public KSelection select(float[][] points, IntConsumer onTried) {
        if (points.length < kMin) {
            throw new IllegalArgumentException("need at least k.min=" + kMin + " points, got " + points.length);
        }
        SplittableRandom random = new SplittableRandom(seed);
        float[][] sample = points.length <= sampleSize ? points
                : RowSample.rows(points, RowSample.indices(points.length, sampleSize, random));
        int m = sample.length;
        int drawn = Math.max(kMin, (int) Math.round(fraction * m));
        int top = largestK(points.length);
        double[] curve = new double[top - kMin + 1];
        for (int k = kMin; k <= top; k++) {
            double[] agreement = new double[resamples];
            for (int r = 0; r < resamples; r++) {
                int[] a = labelAll(sample, fit(RowSample.rows(sample, RowSample.indices(m, drawn, random)), k,
                        random.nextLong()));
                int[] b = labelAll(sample, fit(RowSample.rows(sample, RowSample.indices(m, drawn, random)), k,
                        random.nextLong()));
                agreement[r] = ClusteringMetrics.adjustedRandIndex(a, b);
            }
            curve[k - kMin] = median(agreement);
            onTried.accept(k);
        }
        double highest = Arrays.stream(curve).max().orElseThrow();
        int chosen = kMin;
        for (int i = 0; i < curve.length; i++) {
            if (curve[i] >= highest - TIE_TOLERANCE) {
                chosen = kMin + i;
            }
        }
        return new KSelection(chosen, kMin, curve, CRITERION);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static float[][] fit(float[][] rows, int k, long fitSeed) {
        return KMeans.builder().k(k).restarts(RESTARTS).seed(fitSeed).build().fit(rows).centroids();
    }

    private static int[] labelAll(float[][] points, float[][] centroids) {
        int[] labels = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            labels[i] = KMeans.nearest(points[i], centroids);
        }
        return labels;
    }

    @Override
    public String toString() {
        return "StabilityKSelector[k=" + kMin + ".." + kMax + ", resamples=" + resamples + ", fraction=" + fraction
                + ", sampleSize=" + sampleSize + ", seed=" + seed + "]";
    }

    /** Builder for {@link StabilityKSelector}. */
    public static final class Builder {
        private final int kMin;
        private final int kMax;
        private int resamples = DEFAULT_RESAMPLES;
        private double fraction = DEFAULT_FRACTION;
        private int sampleSize = DEFAULT_SAMPLE_SIZE;
        private long seed = KMeans.DEFAULT_SEED;

        private Builder(int kMin, int kMax) {
            if (kMin < 2) {
                throw new IllegalArgumentException("k.min must be >= 2, got " + kMin);
            }
            if (kMax < kMin) {
                throw new IllegalArgumentException("k.max (" + kMax + ") must be >= k.min (" + kMin + ")");
            }
            this.kMin = kMin;
            this.kMax = kMax;
        }

        /** Pairs of subsamples compared per k. */
        public Builder resamples(int resamples) {
            if (resamples < 1) {
                throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
            }
            this.resamples = resamples;
            return this;
        }

        /** Fraction of the points in each subsample, in (0, 1). */
        public Builder fraction(double fraction) {
            if (!(fraction > 0 && fraction < 1)) {
                throw new IllegalArgumentException("fraction must be in (0, 1), got " + fraction);
            }
            this.fraction = fraction;
            return this;
        }

        /** The most points the criterion reads; more are subsampled first. */
        public Builder sampleSize(int sampleSize) {
            if (sampleSize < 2 * MIN_POINTS_PER_CLUSTER) {
                throw new IllegalArgumentException("sample size must be >= " + 2 * MIN_POINTS_PER_CLUSTER + ", got "
                        + sampleSize);
            }
            this.sampleSize = sampleSize;
            return this;
        }

        /** Seed of the subsamples and of every k-means fit. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The selector. */
        public StabilityKSelector build() {
            return new StabilityKSelector(this);
        }
    }
}
