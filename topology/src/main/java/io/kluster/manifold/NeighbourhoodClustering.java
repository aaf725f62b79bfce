package io.kluster.manifold;

import io.kluster.cluster.Centroids;
import io.kluster.cluster.KMeans;
import io.kluster.cluster.KMeansResult;
import java.util.Arrays;
import tagbio.umap.Umap;

/**
 * Partitions points by their neighbourhoods, as N2D does on an autoencoder's codes: UMAP lays the
 * points' k-nearest-neighbour graph out in a few dimensions, where points that are linked by a chain
 * of near neighbours lie together and the gaps between groups widen; a full-covariance Gaussian
 * mixture, the most likely of {@link #MIXTURE_STARTS} started from k-means++ on that layout, then
 * gives the parts.
 *
 * <p>Deterministic for a seed: the layout runs on one thread (its parallel neighbour search orders
 * its work by thread timing), and k-means and the mixture derive their choices from the seed.
 */
public final class NeighbourhoodClustering {

    /** Neighbours per point in the graph (N2D's 20): enough to bridge gaps inside a group, few enough to keep groups apart. */
    public static final int DEFAULT_NEIGHBOURS = 20;
    /**
     * UMAP's least distance between laid-out points. N2D packs groups tight with 0; Tag.bio's UMAP reads its
     * curve from a table whose first column (below 0.05) is zero, which collapses the layout, so 0.05 is the
     * tightest it lays out correctly.
     */
    public static final float DEFAULT_MIN_DIST = 0.05f;
    /** Starts of EM, each from its own k-means partition of the layout. */
    static final int MIXTURE_STARTS = 3;
    /** EM steps of the mixture at most. */
    static final int MIXTURE_ITERATIONS = 200;
    /** The gain in mean log-likelihood per EM step below which the mixture has converged. */
    static final double MIXTURE_TOLERANCE = 1e-5;

    private final int neighbours;
    private final float minDist;
    private final int layoutDimension;
    private final long seed;

    private NeighbourhoodClustering(Builder builder) {
        this.neighbours = builder.neighbours;
        this.minDist = builder.minDist;
        this.layoutDimension = builder.layoutDimension;
        this.seed = builder.seed;
    }

    /** A builder with the defaults above. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Partitions {@code points} (all of one dimension, more of them than neighbours) into {@code k}
     * parts. The layout has {@code min(k, layoutDimension, point dimension)} dimensions, at least 2.
     */
    public NeighbourhoodPartition fit(float[][] points, int k) {
        if (points.length <= Math.max(neighbours, k)) {
            throw new IllegalArgumentException("the neighbourhood step needs more than " + Math.max(neighbours, k)
                    + " points, got " + points.length);
        }
        long started = System.nanoTime();
        int dimension = Math.max(2, Math.min(Math.min(k, layoutDimension), points[0].length));
        Umap umap = new Umap();
        umap.setNumberComponents(dimension);
        umap.setNumberNearestNeighbours(neighbours);
        umap.setMinDist(minDist);
        umap.setSeed(seed);
        umap.setThreads(1);
        float[][] layout = umap.fitTransform(points);
        double[][] asDouble = toDouble(layout);
        int[] labels = null;
        boolean fitted = false;
        double logLikelihood = Double.NaN;
        // EM finds a local optimum of the likelihood: start it from several k-means partitions of the layout and
        // keep the most likely mixture, as scikit-learn's n_init does.
        for (int start = 0; start < MIXTURE_STARTS; start++) {
            KMeansResult kmeans = KMeans.builder().k(k).restarts(3).seed(seed + start).build().fit(layout);
            if (labels == null) {
                labels = kmeans.labels();
            }
            if (!everyPartHasTwo(kmeans.labels(), k)) {
                continue;
            }
            try {
                GaussianMixture mixture = GaussianMixture.fit(asDouble, kmeans.labels(), k, MIXTURE_ITERATIONS,
                        MIXTURE_TOLERANCE);
                if (!fitted || mixture.logLikelihood() > logLikelihood) {
                    int[] assigned = new int[points.length];
                    for (int i = 0; i < points.length; i++) {
                        assigned[i] = mixture.assign(asDouble[i]);
                    }
                    labels = assigned;
                    fitted = true;
                    logLikelihood = mixture.logLikelihood();
                }
            } catch (IllegalStateException degenerate) {
                // Another start may fit; with none, the first k-means partition of the layout stands.
            }
        }
        // A component the mixture emptied gets the point farthest from its part's mean, as k-means does.
        float[][] means = Centroids.means(layout, labels, k);
        Centroids.reseedEmpty(layout, means, labels);
        return new NeighbourhoodPartition(labels, fitted, logLikelihood, (System.nanoTime() - started) / 1e9);
    }

    private static boolean everyPartHasTwo(int[] labels, int k) {
        return Arrays.stream(NeighbourhoodPartition.sizes(labels, k)).allMatch(size -> size >= 2);
    }

    private static double[][] toDouble(float[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = new double[rows[i].length];
            for (int j = 0; j < rows[i].length; j++) {
                out[i][j] = rows[i][j];
            }
        }
        return out;
    }

    /** Builder for {@link NeighbourhoodClustering}. */
    public static final class Builder {
        private int neighbours = DEFAULT_NEIGHBOURS;
        private float minDist = DEFAULT_MIN_DIST;
        private int layoutDimension = 10;
        private long seed = 42L;

        private Builder() {
        }

        /** Neighbours per point in the graph, at least 2. */
        public Builder neighbours(int value) {
            if (value < 2) {
                throw new IllegalArgumentException("neighbours must be >= 2, got " + value);
            }
            this.neighbours = value;
            return this;
        }

        /** UMAP's least distance between laid-out points, in [0.05, 1] (see {@link #DEFAULT_MIN_DIST}). */
        public Builder minDist(float value) {
            if (!(value >= DEFAULT_MIN_DIST && value <= 1)) {
                throw new IllegalArgumentException("min dist must be in [0.05, 1], got " + value);
            }
            this.minDist = value;
            return this;
        }

        /** Most dimensions of the layout (N2D lays out in as many as there are clusters). */
        public Builder layoutDimension(int value) {
            if (value < 2) {
                throw new IllegalArgumentException("the layout needs at least 2 dimensions, got " + value);
            }
            this.layoutDimension = value;
            return this;
        }

        /** Seed of the layout, k-means and mixture. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** The configured step. */
        public NeighbourhoodClustering build() {
            return new NeighbourhoodClustering(this);
        }
    }
}
