package io.kluster.cluster;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Finds empty or starving clusters and reseeds each by splitting a heavy cluster, as DeepCluster does.
 *
 * <p>The split places two copies of the heavy centroid symmetrically about it, displaced by
 * Gaussian noise. The noise's standard deviation per coordinate is {@code noiseScale} times the
 * per-coordinate RMS spread of all centroids around their common centre, so the displacement has
 * about {@code noiseScale} times the RMS radius of the centroid cloud. That makes it invariant to
 * rescaling and translating the embedding space; a scale relative to each centroid's norm would
 * depend on where the origin happens to be, and vanish for a centroid near it.
 *
 * <p>Two centroids never end up identical: a draw that would produce a duplicate is redrawn with
 * doubled noise, which terminates even when the noise is below float resolution. Instances are
 * immutable and thread-safe.
 */
public final class ClusterReseeder {

    // Spreads the per-call seeds over the seed space, as SplittableRandom spreads its own streams.
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private final double minWeightFraction;
    private final double noiseScale;
    private final long seed;

    /**
     * One reseeding move.
     *
     * @param cluster the starving cluster that was reseeded
     * @param splitFrom the heavy cluster it was split from
     */
    public record Reseed(int cluster, int splitFrom) {

        /** Validates that both clusters are valid indices and differ. */
        public Reseed {
            if (cluster < 0 || splitFrom < 0) {
                throw new IllegalArgumentException(
                        "clusters must be non-negative, got " + cluster + " and " + splitFrom);
            }
            if (cluster == splitFrom) {
                throw new IllegalArgumentException("a cluster cannot be split from itself: " + cluster);
            }
        }
    }

    /**
     * Creates a reseeder: a cluster starves when its weight is below {@code minWeightFraction}
     * (in [0, 1)) times the average weight; {@code noiseScale} (in (0, 1]) sets the split noise.
     */
    public ClusterReseeder(double minWeightFraction, double noiseScale, long seed) {
        if (!(minWeightFraction >= 0.0 && minWeightFraction < 1.0)) {
            throw new IllegalArgumentException(
                    "minWeightFraction must be in [0, 1), got " + minWeightFraction);
        }
        checkNoiseScale(noiseScale);
        this.minWeightFraction = minWeightFraction;
        this.noiseScale = noiseScale;
        this.seed = seed;
    }

    /** Returns the fraction of the average weight below which a cluster starves. */
    public double minWeightFraction() {
        return minWeightFraction;
    }

    /** Returns the noise scale, relative to the spread of the centroids. */
    public double noiseScale() {
        return noiseScale;
    }

    /** Returns the seed. */
    public long seed() {
        return seed;
    }

    /**
     * Reseeds every starving cluster of {@code stats}, lowest weight first, by splitting the then
     * heaviest cluster; returns the moves in the order made (empty when all clusters are healthy).
     *
     * <p>The two halves share the pooled weight of both clusters, so the total weight is conserved.
     * The draws depend only on the seed and {@code stats.observed()}, so a restored copy of the
     * statistics is reseeded the same way.
     */
    public List<Reseed> reseed(DecayedClusterStatistics stats) {
        List<Integer> starving = starving(stats);
        if (starving.isEmpty()) {
            return List.of();
        }
        double[] weights = stats.weights();
        float[][] means = stats.means();
        double sigma = noiseScale * spread(means);
        SplittableRandom random = new SplittableRandom(seed + stats.observed() * GOLDEN_GAMMA);
        List<Reseed> moves = new ArrayList<>(starving.size());
        for (int cluster : starving) {
            // The heaviest is never a starving cluster still waiting: splits conserve the total, so
            // the maximum stays at least the average, above every starving weight.
            int heavy = heaviest(weights);
            float[] plus = new float[stats.dimension()];
            float[] minus = new float[plus.length];
            drawDistinct(means[heavy], sigma, random, means, cluster, heavy, plus, minus);
            double pooled = weights[heavy] + weights[cluster];
            double half = pooled / 2.0;
            means[cluster] = plus;
            means[heavy] = minus;
            weights[cluster] = half;
            weights[heavy] = pooled - half;
            stats.replace(cluster, plus, half);
            stats.replace(heavy, minus, pooled - half);
            moves.add(new Reseed(cluster, heavy));
        }
        return List.copyOf(moves);
    }


    /**
     * The clusters of {@code stats} whose weight is below {@link #minWeightFraction()} of the
     * average, lowest weight first (ties by index); empty when all are healthy.
     */
    public List<Integer> starving(DecayedClusterStatistics stats) {
        if (stats == null) {
            throw new IllegalArgumentException("stats must not be null");
        }
        int k = stats.k();
        double[] weights = stats.weights();
        double total = 0.0;
        for (double w : weights) {
            total += w;
        }
        double threshold = minWeightFraction * total / k;
        List<Integer> starving = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            if (weights[j] < threshold) {
                starving.add(j);
            }
        }
        starving.sort(Comparator.<Integer>comparingDouble(j -> weights[j]).thenComparingInt(j -> j));
        return List.copyOf(starving);
    }

    /** Shows the configuration. */
    @Override
    public String toString() {
        return "ClusterReseeder[minWeightFraction=" + minWeightFraction + ", noiseScale=" + noiseScale
                + ", seed=" + seed + "]";
    }

    // Writes source + noise into plus and, when minus is non-null, source - noise into minus, so
    // that neither equals the other nor any centroid except those at indices skipA and skipB.
    private static void drawDistinct(float[] source, double sigma, SplittableRandom random,
            float[][] centroids, int skipA, int skipB, float[] plus, float[] minus) {
        double s = sigma;
        while (true) {
            for (int i = 0; i < source.length; i++) {
                double noise = s * random.nextGaussian();
                plus[i] = (float) (source[i] + noise);
                if (minus != null) {
                    minus[i] = (float) (source[i] - noise);
                }
            }
            if (isNew(plus, centroids, skipA, skipB)
                    && (minus == null || (isNew(minus, centroids, skipA, skipB) && !sameVector(plus, minus)))) {
                return;
            }
            // Doubling guarantees progress when the noise rounds away (a tiny scale, or coincident
            // centroids whose spread is zero).
            s = Math.max(2.0 * s, Float.MIN_NORMAL);
        }
    }

    private static boolean isNew(float[] candidate, float[][] centroids, int skipA, int skipB) {
        for (int j = 0; j < centroids.length; j++) {
            if (j != skipA && j != skipB && sameVector(candidate, centroids[j])) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameVector(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) {
            // == rather than Arrays.equals so that 0.0f and -0.0f count as the same point.
            if (a[i] != b[i]) {
                return false;
            }
        }
        return true;
    }

    // The per-coordinate RMS deviation of the centroids from their unweighted centre.
    private static double spread(float[][] centroids) {
        int k = centroids.length;
        int d = centroids[0].length;
        double[] centre = new double[d];
        for (float[] c : centroids) {
            for (int i = 0; i < d; i++) {
                centre[i] += c[i];
            }
        }
        for (int i = 0; i < d; i++) {
            centre[i] /= k;
        }
        double sum = 0.0;
        for (float[] c : centroids) {
            for (int i = 0; i < d; i++) {
                double diff = c[i] - centre[i];
                sum += diff * diff;
            }
        }
        return Math.sqrt(sum / ((double) k * d));
    }

    private static int heaviest(double[] weights) {
        int best = 0;
        for (int j = 1; j < weights.length; j++) {
            // Strict comparison so ties go to the lowest index.
            if (weights[j] > weights[best]) {
                best = j;
            }
        }
        return best;
    }


    private static void checkNoiseScale(double noiseScale) {
        if (!(noiseScale > 0.0 && noiseScale <= 1.0)) {
            throw new IllegalArgumentException("noiseScale must be in (0, 1], got " + noiseScale);
        }
    }
}
