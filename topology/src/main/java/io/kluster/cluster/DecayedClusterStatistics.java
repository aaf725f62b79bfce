package io.kluster.cluster;

import java.util.Arrays;
import java.util.Objects;

/**
 * Online, exponentially decayed per-cluster weights and means in embedding space.
 *
 * <p>Every observed record first multiplies every cluster's weight by {@code 2^(-1/H)}, then adds
 * itself with weight one to its own cluster's weighted mean. {@code H} is a half-life in records,
 * not in time: after {@code H} further records an old contribution weighs half, whatever the
 * arrival rate. In steady state the total weight approaches {@code 1 / (1 - 2^(-1/H))}, about
 * {@code 1.44 H}.
 *
 * <p>The decay is applied lazily: weights are kept in a unit that grows by {@code 2^(1/H)} per
 * record, so an observation touches only its own cluster and costs O(d), not O(k d). Instances
 * are mutable and not thread-safe.
 */
public final class DecayedClusterStatistics {

    // Pending decay is folded into the stored weights once it reaches 2^-64: the growing unit
    // stays far from overflow, and the O(k) fold is rare enough to cost nothing amortised.
    private static final double FOLD_AFTER_HALF_LIVES = 64.0;

    private final double halfLifeRecords;
    // Kept in float, like the snapshot, so restore(snapshot()) continues bit for bit identically.
    private final float[][] means;
    // weight(j) = scaled[j] * 2^(-pending / H): the decay of the last 'pending' records is not applied yet.
    private final double[] scaled;
    private long pending;
    private long observed;

    /**
     * Starts from {@code initialCentroids}, each with pseudo-count {@code initialWeight} (at least
     * zero), forgetting with a half-life of {@code halfLifeRecords} records (positive and finite).
     */
    public DecayedClusterStatistics(float[][] initialCentroids, double initialWeight, double halfLifeRecords) {
        Checks.matrix(initialCentroids, "initialCentroids");
        Checks.finite(initialCentroids, "initialCentroids");
        checkWeight(initialWeight, "initialWeight");
        checkHalfLife(halfLifeRecords);
        this.halfLifeRecords = halfLifeRecords;
        this.means = deepCopy(initialCentroids);
        this.scaled = new double[initialCentroids.length];
        Arrays.fill(scaled, initialWeight);
    }

    private DecayedClusterStatistics(Snapshot snapshot) {
        this.halfLifeRecords = snapshot.halfLifeRecords();
        this.means = snapshot.means();
        this.scaled = snapshot.weights();
        this.observed = snapshot.observed();
    }

    /** Restores the statistics saved by {@link #snapshot()}. */
    public static DecayedClusterStatistics restore(Snapshot snapshot) {
        if (snapshot == null) {
            throw new IllegalArgumentException("snapshot must not be null");
        }
        return new DecayedClusterStatistics(snapshot);
    }

    /** Decays every cluster by one record, then adds {@code embedding} with weight one to {@code cluster}. */
    public void observe(int cluster, float[] embedding) {
        checkCluster(cluster, "cluster");
        checkEmbedding(embedding, "embedding");
        observeUnchecked(cluster, embedding);
    }

    /** Replaces the centroid and the current weight of {@code cluster}, for example after reseeding it. */
    public void replace(int cluster, float[] centroid, double weight) {
        checkCluster(cluster, "cluster");
        checkEmbedding(centroid, "centroid");
        checkWeight(weight, "weight");
        // Folding first makes the stored weight exactly the one given.
        fold();
        scaled[cluster] = weight;
        System.arraycopy(centroid, 0, means[cluster], 0, centroid.length);
    }

    /** Returns the current decayed weight (count) of {@code cluster}. */
    public double weight(int cluster) {
        checkCluster(cluster, "cluster");
        return scaled[cluster] * pendingDecay();
    }

    /** Returns the current decayed weight of every cluster. */
    public double[] weights() {
        double decay = pendingDecay();
        double[] weights = new double[scaled.length];
        for (int j = 0; j < weights.length; j++) {
            weights[j] = scaled[j] * decay;
        }
        return weights;
    }

    /** Returns a copy of the current centroid estimates; a cluster that never had weight keeps its initial centroid. */
    public float[][] means() {
        return deepCopy(means);
    }

    /** Returns the number of records observed since the statistics were created. */
    public long observed() {
        return observed;
    }

    /** Returns the number of clusters. */
    public int k() {
        return means.length;
    }

    /** Returns the dimension of the embedding space. */
    public int dimension() {
        return means[0].length;
    }

    /** Returns the half-life, in records. */
    public double halfLifeRecords() {
        return halfLifeRecords;
    }

    /** Returns the complete state, from which {@link #restore(Snapshot)} continues identically. */
    public Snapshot snapshot() {
        // Folding puts this instance in exactly the state restore() builds, so both continue alike.
        fold();
        return new Snapshot(means, scaled, observed, halfLifeRecords);
    }

    /** Shows the shape, half-life and record count, not the arrays. */
    @Override
    public String toString() {
        return "DecayedClusterStatistics[k=" + k() + ", dimension=" + dimension()
                + ", halfLifeRecords=" + halfLifeRecords + ", observed=" + observed + "]";
    }

    private void observeUnchecked(int cluster, float[] x) {
        observed++;
        pending++;
        if (pending / halfLifeRecords > FOLD_AFTER_HALF_LIVES) {
            fold();
        }
        // One record in the growing unit; StrictMath gives the same bits on every JVM, so a
        // snapshot restored elsewhere still continues identically.
        double increment = StrictMath.pow(2.0, pending / halfLifeRecords);
        double before = scaled[cluster];
        double after = before + increment;
        scaled[cluster] = after;
        float[] mean = means[cluster];
        if (before == 0.0) {
            // Copy rather than interpolate, so the record is taken exactly even far from the old mean.
            System.arraycopy(x, 0, mean, 0, x.length);
            return;
        }
        double rate = increment / after;
        for (int i = 0; i < mean.length; i++) {
            mean[i] = (float) (mean[i] + rate * ((double) x[i] - mean[i]));
        }
    }

    private void fold() {
        if (pending == 0) {
            return;
        }
        double decay = pendingDecay();
        for (int j = 0; j < scaled.length; j++) {
            scaled[j] *= decay;
        }
        pending = 0;
    }

    private double pendingDecay() {
        return pending == 0 ? 1.0 : StrictMath.pow(2.0, -pending / halfLifeRecords);
    }

    private void checkCluster(int cluster, String name) {
        if (cluster < 0 || cluster >= means.length) {
            throw new IllegalArgumentException(
                    name + " must be in [0, " + means.length + "), got " + cluster);
        }
    }

    private void checkEmbedding(float[] embedding, String name) {
        Checks.vector(embedding, name);
        if (embedding.length != means[0].length) {
            throw new IllegalArgumentException(name + " has dimension " + embedding.length
                    + " but the centroids have dimension " + means[0].length);
        }
        for (int i = 0; i < embedding.length; i++) {
            if (!Float.isFinite(embedding[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is not finite: " + embedding[i]);
            }
        }
    }

    private static void checkWeight(double weight, String name) {
        if (!(weight >= 0.0) || Double.isInfinite(weight)) {
            throw new IllegalArgumentException(name + " must be in [0, +inf), got " + weight);
        }
    }

    private static void checkHalfLife(double halfLifeRecords) {
        if (!(halfLifeRecords > 0.0) || Double.isInfinite(halfLifeRecords)) {
            throw new IllegalArgumentException(
                    "halfLifeRecords must be in (0, +inf), got " + halfLifeRecords);
        }
    }

    private static float[][] deepCopy(float[][] matrix) {
        float[][] copy = new float[matrix.length][];
        for (int i = 0; i < matrix.length; i++) {
            copy[i] = matrix[i].clone();
        }
        return copy;
    }

    /**
     * The complete state of {@link DecayedClusterStatistics}, with the decay applied to the weights.
     *
     * @param means the centroid estimates, one row per cluster
     * @param weights the decayed weight of each cluster
     * @param observed the number of records observed so far
     * @param halfLifeRecords the half-life, in records
     */
    public record Snapshot(float[][] means, double[] weights, long observed, double halfLifeRecords) {

        /** Validates the components and takes defensive copies of the arrays. */
        public Snapshot {
            Checks.matrix(means, "means");
            Checks.finite(means, "means");
            if (weights == null || weights.length != means.length) {
                throw new IllegalArgumentException("weights must have one entry per mean (" + means.length
                        + "), got " + (weights == null ? "null" : weights.length));
            }
            for (int j = 0; j < weights.length; j++) {
                checkWeight(weights[j], "weights[" + j + "]");
            }
            if (observed < 0) {
                throw new IllegalArgumentException("observed must be in [0, +inf), got " + observed);
            }
            checkHalfLife(halfLifeRecords);
            means = deepCopy(means);
            weights = weights.clone();
        }

        /** Returns a copy of the means, so the record stays immutable. */
        @Override
        public float[][] means() {
            return deepCopy(means);
        }

        /** Returns a copy of the weights, so the record stays immutable. */
        @Override
        public double[] weights() {
            return weights.clone();
        }

        /** Compares all components, the arrays by content. */
        @Override
        public boolean equals(Object o) {
            if (this == o) {
                return true;
            }
            if (!(o instanceof Snapshot other)) {
                return false;
            }
            return observed == other.observed
                    && Double.compare(halfLifeRecords, other.halfLifeRecords) == 0
                    && Arrays.deepEquals(means, other.means)
                    && Arrays.equals(weights, other.weights);
        }

        /** Hashes all components, the arrays by content. */
        @Override
        public int hashCode() {
            int h = Objects.hash(observed, halfLifeRecords);
            h = 31 * h + Arrays.deepHashCode(means);
            return 31 * h + Arrays.hashCode(weights);
        }

        /** Shows all components, the arrays by content. */
        @Override
        public String toString() {
            return "Snapshot[means=" + Arrays.deepToString(means) + ", weights=" + Arrays.toString(weights)
                    + ", observed=" + observed + ", halfLifeRecords=" + halfLifeRecords + "]";
        }
    }
}
