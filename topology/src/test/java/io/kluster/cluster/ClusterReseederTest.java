package io.kluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.kluster.cluster.ClusterReseeder.Reseed;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClusterReseederTest {

    // A half-life this long makes decay negligible, so the weights are the record counts.
    private static final double NO_DECAY = 1e12;

    @Test
    void aStarvingClusterIsSplitFromTheHeaviest() {
        // Weights 90, 10, 0 average 33.3; with fraction 0.5 the threshold is 16.7, so 2 and 1
        // starve. Cluster 2 (lightest) splits 0: (90 + 0) / 2 = 45 each. Cluster 1 then splits the
        // heaviest, 0 and 2 tie at 45 and the lower index wins: (45 + 10) / 2 = 27.5 each.
        DecayedClusterStatistics stats = stats(new float[][] {{0f, 0f}, {10f, 0f}, {0f, 10f}}, 90, 10, 0);

        List<Reseed> moves = new ClusterReseeder(0.5, 0.01, 1L).reseed(stats);

        assertThat(moves).containsExactly(new Reseed(2, 0), new Reseed(1, 0));
        assertThat(stats.weights()).containsExactly(new double[] {27.5, 27.5, 45.0}, within(1e-6));
        // Every centroid now descends from cluster 0 at the origin, displaced by noise of about
        // 0.01 times the spread of the centroids (4.7 per coordinate), so well within 0.5 of it.
        for (float[] mean : stats.means()) {
            assertThat(Math.sqrt(KMeans.squaredDistance(mean, new float[] {0f, 0f}))).isLessThan(0.5);
        }
        assertAllDistinct(stats.means());
    }

    @Test
    void theHalvesSitSymmetricallyAboutTheSplitCentroid() {
        DecayedClusterStatistics stats = stats(new float[][] {{3f, -2f}, {10f, 0f}}, 50, 0);

        new ClusterReseeder(0.5, 0.05, 9L).reseed(stats);

        float[][] means = stats.means();
        assertThat((means[0][0] + means[1][0]) / 2f).isCloseTo(3f, within(1e-6f));
        assertThat((means[0][1] + means[1][1]) / 2f).isCloseTo(-2f, within(1e-6f));
    }

    @Test
    void reseedingConservesTheTotalWeight() {
        DecayedClusterStatistics stats = new DecayedClusterStatistics(
                new float[][] {{0f}, {1f}, {2f}, {3f}, {4f}}, 0.0, 20.0);
        SplittableRandom random = new SplittableRandom(5);
        for (int n = 0; n < 200; n++) {
            // Four in five records go to cluster 0, the rest to 1 or 2; 3 and 4 stay empty.
            int cluster = random.nextInt(10) < 8 ? 0 : 1 + random.nextInt(2);
            stats.observe(cluster, new float[] {(float) random.nextGaussian()});
        }
        double before = sum(stats.weights());

        List<Reseed> moves = new ClusterReseeder(0.9, 0.1, 3L).reseed(stats);

        assertThat(moves).isNotEmpty();
        assertThat(sum(stats.weights())).isCloseTo(before, within(1e-9 * before));
    }

    @Test
    void noTwoCentroidsAreIdenticalEvenWithATinyNoiseScale() {
        // 1e-30 times a spread of order one rounds away next to coordinates of order one, so
        // every first draw duplicates the split centroid and only the doubling redraws separate them.
        DecayedClusterStatistics stats = stats(new float[][] {{1f, 1f}, {2f, 2f}, {3f, 1f}, {1f, 3f}}, 100, 0, 0, 0);

        List<Reseed> moves = new ClusterReseeder(0.5, 1e-30, 4L).reseed(stats);

        assertThat(moves).hasSize(3);
        assertAllDistinct(stats.means());
    }

    @Test
    void coincidentCentroidsAreStillSeparated() {
        // The spread is zero, so the noise starts from nothing and must grow until it shows.
        DecayedClusterStatistics stats = stats(new float[][] {{2f, 2f}, {2f, 2f}, {2f, 2f}}, 30, 0, 0);

        new ClusterReseeder(0.5, 0.1, 8L).reseed(stats);

        assertAllDistinct(stats.means());
    }

    @Test
    void healthyStatisticsNeedNoReseed() {
        // Weights 40, 30, 30 average 33.3; the threshold 0.5 * 33.3 = 16.7 is below all of them.
        DecayedClusterStatistics stats = stats(new float[][] {{0f}, {1f}, {2f}}, 40, 30, 30);
        DecayedClusterStatistics.Snapshot before = stats.snapshot();

        assertThat(new ClusterReseeder(0.5, 0.1, 1L).reseed(stats)).isEmpty();
        assertThat(stats.snapshot()).isEqualTo(before);
    }

    @Test
    void statisticsWithoutAnyWeightNeedNoReseed() {
        DecayedClusterStatistics stats = new DecayedClusterStatistics(new float[][] {{0f}, {1f}}, 0.0, 5.0);

        assertThat(new ClusterReseeder(0.99, 0.1, 1L).reseed(stats)).isEmpty();
    }

    @Test
    void theSameSeedAndStatisticsGiveTheSameReseeds() {
        float[][] centroids = {{0f, 0f}, {4f, 0f}, {0f, 4f}};
        DecayedClusterStatistics a = stats(centroids, 20, 1, 0);
        DecayedClusterStatistics b = stats(centroids, 20, 1, 0);
        DecayedClusterStatistics c = stats(centroids, 20, 1, 0);

        List<Reseed> movesA = new ClusterReseeder(0.5, 0.1, 42L).reseed(a);
        List<Reseed> movesB = new ClusterReseeder(0.5, 0.1, 42L).reseed(b);
        new ClusterReseeder(0.5, 0.1, 43L).reseed(c);

        assertThat(movesB).isEqualTo(movesA);
        assertThat(b.means()).isDeepEqualTo(a.means());
        assertThat(Arrays.deepEquals(c.means(), a.means())).isFalse();
    }

    @Test
    void theNoiseFollowsTheScaleOfTheEmbeddingSpaceAndIgnoresItsOrigin() {
        // The same draws scaled by 1000, or shifted by 500, give the same split up to that map.
        float[][] unit = {{0f, 0f}, {1f, 0f}, {0f, 1f}};
        float[][] scaled = {{0f, 0f}, {1000f, 0f}, {0f, 1000f}};
        float[][] shifted = {{500f, 500f}, {501f, 500f}, {500f, 501f}};
        DecayedClusterStatistics a = stats(unit, 20, 0, 20);
        DecayedClusterStatistics b = stats(scaled, 20, 0, 20);
        DecayedClusterStatistics c = stats(shifted, 20, 0, 20);

        ClusterReseeder reseeder = new ClusterReseeder(0.5, 0.1, 6L);
        reseeder.reseed(a);
        reseeder.reseed(b);
        reseeder.reseed(c);

        float[] moved = a.means()[1];
        for (int i = 0; i < 2; i++) {
            assertThat(b.means()[1][i]).isCloseTo(1000f * moved[i], within(1e-3f));
            assertThat(c.means()[1][i] - 500f).isCloseTo(moved[i], within(1e-4f));
        }
    }

    @Test
    void rejectsInvalidArguments() {
        for (double fraction : new double[] {-0.1, 1.0, Double.NaN}) {
            assertThatThrownBy(() -> new ClusterReseeder(fraction, 0.1, 0L))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("minWeightFraction must be in [0, 1), got " + fraction);
        }
        for (double noise : new double[] {0.0, -1.0, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> new ClusterReseeder(0.5, noise, 0L))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("noiseScale must be in (0, 1], got " + noise);
        }
        assertThatThrownBy(() -> new ClusterReseeder(0.5, 0.1, 0L).reseed(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("stats must not be null");

        assertThatThrownBy(() -> new Reseed(1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a cluster cannot be split from itself: 1");
    }

    // Statistics whose cluster j holds counts[j] records exactly at its centroid.
    private static DecayedClusterStatistics stats(float[][] centroids, int... counts) {
        DecayedClusterStatistics stats = new DecayedClusterStatistics(centroids, 0.0, NO_DECAY);
        for (int j = 0; j < counts.length; j++) {
            for (int n = 0; n < counts[j]; n++) {
                stats.observe(j, centroids[j]);
            }
        }
        return stats;
    }

    private static double sum(double[] values) {
        double total = 0.0;
        for (double v : values) {
            total += v;
        }
        return total;
    }

    private static void assertAllDistinct(float[][] centroids) {
        for (int a = 0; a < centroids.length; a++) {
            for (int b = a + 1; b < centroids.length; b++) {
                assertThat(KMeans.squaredDistance(centroids[a], centroids[b]))
                        .as("centroids %d and %d", a, b)
                        .isPositive();
            }
        }
    }
}
