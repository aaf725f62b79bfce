package io.kluster.cluster;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Lloyd's k-means with k-means++ initialisation, keeping the best of several seeded restarts.
 *
 * <p>Each restart seeds its centroids by D^2 sampling (k-means++), then alternates
 * nearest-centroid assignment and mean updates. A restart stops when an assignment changes no
 * label, when the relative decrease in inertia between consecutive assignments,
 * {@code (previous - current) / previous}, is at most {@link Builder#tolerance(double) tolerance},
 * or after {@link Builder#maxIterations(int) maxIterations} updates. Assignment uses Hamerly's
 * triangle-inequality bounds to skip rows whose centroid provably has not changed; the result is
 * the same as plain Lloyd's.
 *
 * <p>A cluster that ends up empty is reseeded with the point farthest from its own centroid (taken
 * from a cluster that keeps at least one point), and a centroid that coincides exactly with another
 * is moved to the farthest point that differs from every centroid, so the result never holds two
 * identical centroids when the data has at least {@code k} distinct rows. Instances are immutable
 * and thread-safe; {@link #fit(float[][])} is deterministic for a given seed.
 */
public final class KMeans {

    /** Default number of independent restarts. */
    public static final int DEFAULT_RESTARTS = 10;
    /** Default cap on Lloyd updates per restart. */
    public static final int DEFAULT_MAX_ITERATIONS = 300;
    /** Default relative inertia decrease below which a restart is considered converged. */
    public static final double DEFAULT_TOLERANCE = 1e-4;
    /** Default seed, so that runs are reproducible even when no seed is given. */
    public static final long DEFAULT_SEED = 0L;

    // Relative slack on Hamerly's pruning test. The float kernel is accurate to about 1e-7
    // relative, so a row is only skipped when its own centroid wins by a clear margin.
    private static final double PRUNE_SLACK = 1e-5;

    private final int k;
    private final int restarts;
    private final int maxIterations;
    private final double tolerance;
    private final long seed;

    private KMeans(Builder builder) {
        this.k = builder.k;
        this.restarts = builder.restarts;
        this.maxIterations = builder.maxIterations;
        this.tolerance = builder.tolerance;
        this.seed = builder.seed;
    }

    /** Returns a builder; {@link Builder#k(int)} is required, everything else has a default. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the number of clusters. */
    public int k() {
        return k;
    }

    /** Returns the number of restarts. */
    public int restarts() {
        return restarts;
    }

    /** Returns the cap on Lloyd updates per restart. */
    public int maxIterations() {
        return maxIterations;
    }

    /** Returns the relative inertia decrease that counts as converged. */
    public double tolerance() {
        return tolerance;
    }

    /** Returns the seed of the first restart's random stream. */
    public long seed() {
        return seed;
    }

    /** Clusters the rows of {@code data} and returns the restart with the lowest inertia. */
    public KMeansResult fit(float[][] data) {
        Checks.matrix(data, "data");
        if (data.length < k) {
            throw new IllegalArgumentException(
                    "k-means needs at least k = " + k + " rows, got " + data.length);
        }
        Checks.finite(data, "data");
        // Restart r always uses the r-th split of the same master stream, so adding restarts only
        // adds candidates: the best of r + 1 restarts is never worse than the best of r.
        SplittableRandom master = new SplittableRandom(seed);
        KMeansResult best = null;
        for (int r = 0; r < restarts; r++) {
            KMeansResult result = new Run(data, master.split()).execute();
            if (best == null || result.inertia() < best.inertia()) {
                best = result;
            }
        }
        return best;
    }

    /**
     * Runs Lloyd's iterations once from the given starting centroids instead of k-means++.
     *
     * <p>Useful to refine known centres (for example a previous model's); the restart count and
     * seed are not used. {@code initialCentroids} must have {@code k} rows and is not modified.
     */
    public KMeansResult fit(float[][] data, float[][] initialCentroids) {
        int dim = Checks.matrix(data, "data");
        int width = Checks.matrix(initialCentroids, "initialCentroids");
        if (initialCentroids.length != k) {
            throw new IllegalArgumentException("initialCentroids must have k = " + k + " rows, got "
                    + initialCentroids.length);
        }
        if (width != dim) {
            throw new IllegalArgumentException("initialCentroids have dimension " + width
                    + " but data has dimension " + dim);
        }
        if (data.length < k) {
            throw new IllegalArgumentException(
                    "k-means needs at least k = " + k + " rows, got " + data.length);
        }
        Checks.finite(data, "data");
        Checks.finite(initialCentroids, "initialCentroids");
        Run run = new Run(data, null);
        for (int j = 0; j < k; j++) {
            run.centroids[j] = initialCentroids[j].clone();
        }
        return run.lloyd();
    }

    /** Returns the index of the centroid nearest to {@code x} (ties go to the lowest index). */
    public static int nearest(float[] x, float[][] centroids) {
        Checks.sameDimension(x, centroids);
        return nearestUnchecked(x, centroids);
    }

    /** Returns the squared Euclidean distance between two vectors of the same length. */
    public static double squaredDistance(float[] a, float[] b) {
        if (a == null || b == null) {
            throw new IllegalArgumentException("vectors must not be null");
        }
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    "vectors have different lengths: " + a.length + " and " + b.length);
        }
        return exactDistance(a, b);
    }

    private static int nearestUnchecked(float[] x, float[][] centroids) {
        int best = 0;
        double bestDistance = distance(x, centroids[0]);
        for (int j = 1; j < centroids.length; j++) {
            double d = distance(x, centroids[j]);
            if (d < bestDistance) {
                bestDistance = d;
                best = j;
            }
        }
        return best;
    }

    // Widening every term keeps the public squaredDistance accurate to double precision.
    private static double exactDistance(float[] a, float[] b) {
        double sum = 0.0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            sum += d * d;
        }
        return sum;
    }

    // The hot loop of every phase. Eight independent float accumulators let the CPU overlap the
    // adds, which the JIT will not reorder on its own (it keeps float addition order); this runs
    // about a third faster than widening to double. Identical rows still give exactly zero, which
    // the duplicate-centroid checks rely on, and the relative error (~1e-7) is far below what
    // could change a k-means result in a meaningful way.
    static double distance(float[] a, float[] b) {
        int n = a.length;
        float s0 = 0.0f;
        float s1 = 0.0f;
        float s2 = 0.0f;
        float s3 = 0.0f;
        float s4 = 0.0f;
        float s5 = 0.0f;
        float s6 = 0.0f;
        float s7 = 0.0f;
        int i = 0;
        for (int end = n - 7; i < end; i += 8) {
            float d0 = a[i] - b[i];
            float d1 = a[i + 1] - b[i + 1];
            float d2 = a[i + 2] - b[i + 2];
            float d3 = a[i + 3] - b[i + 3];
            float d4 = a[i + 4] - b[i + 4];
            float d5 = a[i + 5] - b[i + 5];
            float d6 = a[i + 6] - b[i + 6];
            float d7 = a[i + 7] - b[i + 7];
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
            s4 += d4 * d4;
            s5 += d5 * d5;
            s6 += d6 * d6;
            s7 += d7 * d7;
        }
        for (; i < n; i++) {
            float d = a[i] - b[i];
            s0 += d * d;
        }
        return ((double) s0 + s1 + s2 + s3) + ((double) s4 + s5 + s6 + s7);
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

    /** One restart: mutable scratch state that never escapes the call to {@link #execute()}. */
    private final class Run {

        private final float[][] data;
        private final SplittableRandom random;
        private final int n;
        private final int dim;
        private final float[][] centroids;
        private final int[] labels;
        // Squared distance of each row to its centroid at the last assignment.
        private final double[] distances;
        private final int[] counts;
        private final double[][] sums;
        // Hamerly's bounds: a lower bound on each row's distance (not squared) to every centroid
        // but its own, and half of each centroid's distance to its nearest other centroid.
        private final double[] lower;
        private final double[] halfGap;
        private final double[] moved;
        private boolean bounded;
        private int reseeded;

        Run(float[][] data, SplittableRandom random) {
            this.data = data;
            this.random = random;
            this.n = data.length;
            this.dim = data[0].length;
            this.centroids = new float[k][];
            this.labels = new int[n];
            this.distances = new double[n];
            this.counts = new int[k];
            this.sums = new double[k][dim];
            this.lower = new double[n];
            this.halfGap = new double[k];
            this.moved = new double[k];
        }

        KMeansResult execute() {
            initialise();
            return lloyd();
        }

        KMeansResult lloyd() {
            Arrays.fill(labels, -1);
            int iterations = 0;
            double previous = Double.POSITIVE_INFINITY;
            double inertia;
            while (true) {
                int changed = assign();
                inertia = inertia();
                if (changed == 0 || iterations == maxIterations) {
                    break;
                }
                if (iterations > 0 && previous - inertia <= tolerance * previous) {
                    break;
                }
                update();
                iterations++;
                previous = inertia;
            }
            return new KMeansResult(centroids, labels, inertia, iterations, reseeded);
        }

        // k-means++: each new centre is drawn with probability proportional to its squared
        // distance from the nearest centre so far, which spreads the seeds out.
        private void initialise() {
            centroids[0] = data[random.nextInt(n)].clone();
            double[] nearest = new double[n];
            double total = 0.0;
            for (int i = 0; i < n; i++) {
                nearest[i] = distance(data[i], centroids[0]);
                total += nearest[i];
            }
            for (int c = 1; c < k; c++) {
                // With total zero every row coincides with a centre already: there are fewer
                // distinct rows than k, so a duplicate centre is unavoidable.
                int chosen = total > 0.0 ? sample(nearest, total) : random.nextInt(n);
                centroids[c] = data[chosen].clone();
                total = 0.0;
                for (int i = 0; i < n; i++) {
                    double d = distance(data[i], centroids[c]);
                    if (d < nearest[i]) {
                        nearest[i] = d;
                    }
                    total += nearest[i];
                }
            }
        }

        // Inverse-CDF draw from the unnormalised weights. Rows with zero weight are never returned,
        // which is what keeps k-means++ from picking an existing centre twice.
        private int sample(double[] weights, double total) {
            double target = random.nextDouble() * total;
            double cumulative = 0.0;
            int lastPositive = -1;
            for (int i = 0; i < n; i++) {
                double w = weights[i];
                if (w > 0.0) {
                    cumulative += w;
                    lastPositive = i;
                    if (cumulative > target) {
                        return i;
                    }
                }
            }
            // Rounding can leave the running sum just short of target.
            return lastPositive;
        }

        // Assigns every row to its nearest centroid and returns how many labels changed. After the
        // first pass, Hamerly's bounds skip the k-way search for rows whose own centroid is provably
        // still the nearest, which is most rows once Lloyd settles. The distance to the own
        // centroid is always recomputed, so the inertia stays exact.
        private int assign() {
            if (bounded) {
                computeHalfGaps();
            }
            int changed = 0;
            for (int i = 0; i < n; i++) {
                float[] x = data[i];
                if (bounded) {
                    int own = labels[i];
                    double ownDistance = distance(x, centroids[own]);
                    double own1 = Math.sqrt(ownDistance);
                    double bound = Math.max(halfGap[own], lower[i]);
                    // Strictly below the bound (with slack for float rounding in the kernel) means
                    // every other centroid is strictly farther, so the tie rule cannot matter.
                    if (own1 + PRUNE_SLACK * (own1 + bound) < bound) {
                        distances[i] = ownDistance;
                        continue;
                    }
                }
                int best = 0;
                double bestDistance = distance(x, centroids[0]);
                double secondDistance = Double.POSITIVE_INFINITY;
                for (int j = 1; j < k; j++) {
                    double d = distance(x, centroids[j]);
                    if (d < bestDistance) {
                        secondDistance = bestDistance;
                        bestDistance = d;
                        best = j;
                    } else if (d < secondDistance) {
                        secondDistance = d;
                    }
                }
                distances[i] = bestDistance;
                lower[i] = Math.sqrt(secondDistance);
                if (labels[i] != best) {
                    labels[i] = best;
                    changed++;
                }
            }
            bounded = true;
            return changed;
        }

        private void computeHalfGaps() {
            Arrays.fill(halfGap, Double.POSITIVE_INFINITY);
            for (int j = 0; j < k; j++) {
                for (int other = j + 1; other < k; other++) {
                    double half = 0.5 * Math.sqrt(distance(centroids[j], centroids[other]));
                    halfGap[j] = Math.min(halfGap[j], half);
                    halfGap[other] = Math.min(halfGap[other], half);
                }
            }
        }

        // Moving centroids can bring another centroid closer to a row by at most the distance it
        // moved, so the lower bounds shrink by the largest move among the other centroids.
        private void loosenBounds(float[][] previous) {
            int fastest = 0;
            double largest = 0.0;
            double secondLargest = 0.0;
            for (int j = 0; j < k; j++) {
                moved[j] = Math.sqrt(exactDistance(previous[j], centroids[j]));
                if (moved[j] > largest) {
                    secondLargest = largest;
                    largest = moved[j];
                    fastest = j;
                } else if (moved[j] > secondLargest) {
                    secondLargest = moved[j];
                }
            }
            for (int i = 0; i < n; i++) {
                lower[i] -= labels[i] == fastest ? secondLargest : largest;
            }
        }

        private double inertia() {
            double sum = 0.0;
            for (int i = 0; i < n; i++) {
                sum += distances[i];
            }
            return sum;
        }

        private void update() {
            float[][] previous = centroids.clone();
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                counts[labels[i]]++;
            }
            for (int j = 0; j < k; j++) {
                if (counts[j] == 0) {
                    reseedEmpty(j);
                }
            }
            for (int j = 0; j < k; j++) {
                Arrays.fill(sums[j], 0.0);
            }
            for (int i = 0; i < n; i++) {
                float[] x = data[i];
                double[] sum = sums[labels[i]];
                for (int d = 0; d < dim; d++) {
                    sum[d] += x[d];
                }
            }
            for (int j = 0; j < k; j++) {
                double[] sum = sums[j];
                float[] centroid = new float[dim];
                double count = counts[j];
                for (int d = 0; d < dim; d++) {
                    centroid[d] = (float) (sum[d] / count);
                }
                centroids[j] = centroid;
            }
            separateDuplicates();
            loosenBounds(previous);
        }

        // Moves the row farthest from its centroid into empty cluster j. Only rows whose cluster
        // keeps another member qualify, so reseeding never empties a different cluster.
        private void reseedEmpty(int j) {
            int chosen = -1;
            double farthest = -1.0;
            for (int i = 0; i < n; i++) {
                if (distances[i] > farthest && counts[labels[i]] > 1) {
                    farthest = distances[i];
                    chosen = i;
                }
            }
            if (chosen < 0) {
                return;
            }
            counts[labels[chosen]]--;
            labels[chosen] = j;
            counts[j] = 1;
            // The row now sits on its own centroid; this also stops a second empty cluster taking it.
            distances[chosen] = 0.0;
            // Its bound excluded the old cluster, not the new one, so it no longer holds.
            lower[chosen] = 0.0;
            reseeded++;
        }

        // Means of disjoint Voronoi cells are distinct in exact arithmetic, but rounding or a
        // reseeded row can still make two centroids coincide; a duplicate would be a wasted cluster.
        private void separateDuplicates() {
            for (int j = 1; j < k; j++) {
                for (int other = 0; other < j; other++) {
                    if (sameVector(centroids[j], centroids[other])) {
                        int chosen = farthestDistinctRow();
                        if (chosen >= 0) {
                            centroids[j] = data[chosen].clone();
                            distances[chosen] = 0.0;
                            reseeded++;
                        }
                        break;
                    }
                }
            }
        }

        private int farthestDistinctRow() {
            int chosen = -1;
            double farthest = -1.0;
            for (int i = 0; i < n; i++) {
                if (distances[i] > farthest && differsFromAllCentroids(data[i])) {
                    farthest = distances[i];
                    chosen = i;
                }
            }
            return chosen;
        }

        private boolean differsFromAllCentroids(float[] x) {
            for (int j = 0; j < k; j++) {
                if (sameVector(x, centroids[j])) {
                    return false;
                }
            }
            return true;
        }
    }

    /** Collects the optional settings of {@link KMeans}. */
    public static final class Builder {

        private int k = -1;
        private int restarts = DEFAULT_RESTARTS;
        private int maxIterations = DEFAULT_MAX_ITERATIONS;
        private double tolerance = DEFAULT_TOLERANCE;
        private long seed = DEFAULT_SEED;

        private Builder() {
        }

        /** Sets the number of clusters, at least one; required. */
        public Builder k(int k) {
            if (k < 1) {
                throw new IllegalArgumentException("k must be at least 1, got " + k);
            }
            this.k = k;
            return this;
        }

        /** Sets the number of independent restarts, at least one. */
        public Builder restarts(int restarts) {
            if (restarts < 1) {
                throw new IllegalArgumentException("restarts must be at least 1, got " + restarts);
            }
            this.restarts = restarts;
            return this;
        }

        /** Sets the cap on Lloyd updates per restart, at least one. */
        public Builder maxIterations(int maxIterations) {
            if (maxIterations < 1) {
                throw new IllegalArgumentException(
                        "maxIterations must be at least 1, got " + maxIterations);
            }
            this.maxIterations = maxIterations;
            return this;
        }

        /** Sets the relative inertia decrease at or below which a restart stops; zero waits for no label change. */
        public Builder tolerance(double tolerance) {
            if (!(tolerance >= 0.0) || Double.isInfinite(tolerance)) {
                throw new IllegalArgumentException(
                        "tolerance must be finite and non-negative, got " + tolerance);
            }
            this.tolerance = tolerance;
            return this;
        }

        /** Sets the seed from which every restart's random stream is split. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Builds the configured {@link KMeans}. */
        public KMeans build() {
            if (k < 1) {
                throw new IllegalArgumentException("k must be set");
            }
            return new KMeans(this);
        }
    }

    /** Shows the settings. */
    @Override
    public String toString() {
        return "KMeans[k=" + k + ", restarts=" + restarts + ", maxIterations=" + maxIterations
                + ", tolerance=" + tolerance + ", seed=" + seed + "]";
    }
}
