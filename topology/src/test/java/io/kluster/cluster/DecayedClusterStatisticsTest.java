package io.kluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DecayedClusterStatisticsTest {

    @Test
    void aClusterNotSeenForOneHalfLifeKeepsHalfItsWeight() {
        // H = 4: four records in cluster 1 decay cluster 0's 8 to 8 * 2^(-4/4) = 4. Cluster 1 keeps
        // 8 * 1/2 = 4 of its own plus the records, weighing 2^(-3/4) + 2^(-2/4) + 2^(-1/4) + 1
        // = 0.5946 + 0.7071 + 0.8409 + 1 = 3.1426.
        DecayedClusterStatistics stats = new DecayedClusterStatistics(new float[][] {{0f}, {10f}}, 8.0, 4.0);
        for (int i = 0; i < 4; i++) {
            stats.observe(1, new float[] {10f});
        }

        assertThat(stats.weight(0)).isCloseTo(4.0, within(1e-12));
        double records = Math.pow(2, -0.75) + Math.pow(2, -0.5) + Math.pow(2, -0.25) + 1.0;
        assertThat(stats.weight(1)).isCloseTo(4.0 + records, within(1e-12));
        assertThat(stats.weights()).containsExactly(new double[] {4.0, 4.0 + records}, within(1e-12));
        assertThat(stats.observed()).isEqualTo(4);
    }

    @Test
    void theMeanIsTheDecayedWeightedMean() {
        // H = 1, no pseudo-count. Record 0 makes the mean 0 with weight 1. Record 3 halves that
        // to 0.5 and adds 1: mean (0.5 * 0 + 3) / 1.5 = 2. Record 6 halves 1.5 to 0.75 and adds 1:
        // mean (0.75 * 2 + 6) / 1.75 = 7.5 / 1.75 = 30 / 7.
        DecayedClusterStatistics stats = new DecayedClusterStatistics(new float[][] {{100f}}, 0.0, 1.0);

        stats.observe(0, new float[] {0f});
        stats.observe(0, new float[] {3f});
        assertThat(stats.means()[0][0]).isCloseTo(2f, within(1e-6f));
        assertThat(stats.weight(0)).isCloseTo(1.5, within(1e-12));

        stats.observe(0, new float[] {6f});
        assertThat(stats.means()[0][0]).isCloseTo(30f / 7f, within(1e-6f));
        assertThat(stats.weight(0)).isCloseTo(1.75, within(1e-12));
    }

    @Test
    void theInitialWeightActsAsAPseudoCount() {
        // Pseudo-count 3 at 0, H huge so nothing decays noticeably: one record at 4 gives (3 * 0 + 4) / 4 = 1.
        DecayedClusterStatistics stats = new DecayedClusterStatistics(new float[][] {{0f}}, 3.0, 1e12);

        stats.observe(0, new float[] {4f});

        assertThat(stats.means()[0][0]).isCloseTo(1f, within(1e-5f));
        assertThat(stats.weight(0)).isCloseTo(4.0, within(1e-9));
    }

    @Test
    void aClusterWithNoWeightKeepsItsInitialCentroid() {
        DecayedClusterStatistics stats = new DecayedClusterStatistics(new float[][] {{1f, 2f}, {3f, 4f}}, 0.0, 5.0);

        stats.observe(0, new float[] {7f, 7f});

        assertThat(stats.means()[1]).containsExactly(3f, 4f);
        assertThat(stats.weight(1)).isZero();
    }

    @Test
    void theFirstRecordOfAClusterWithoutWeightBecomesItsMeanExactly() {
        // Interpolating from 1e30 in double would lose the 1 entirely; the record must be copied.
        DecayedClusterStatistics stats = new DecayedClusterStatistics(new float[][] {{1e30f}}, 0.0, 5.0);

        stats.observe(0, new float[] {1f});

        assertThat(stats.means()[0]).containsExactly(1f);
    }

    @Test
    void lazyDecayAgreesWithDecayingEveryClusterOnEveryRecord() {
        // H = 3 folds the pending decay every 64 * 3 = 192 records, so 2000 records cross ten folds.
        int k = 4;
        int d = 3;
        double halfLife = 3.0;
        float[][] initial = {{0f, 0f, 0f}, {1f, 0f, 0f}, {0f, 1f, 0f}, {0f, 0f, 1f}};
        DecayedClusterStatistics stats = new DecayedClusterStatistics(initial, 2.0, halfLife);
        double[] weights = {2.0, 2.0, 2.0, 2.0};
        double[][] means = new double[k][d];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < d; i++) {
                means[j][i] = initial[j][i];
            }
        }
        double decay = Math.pow(2.0, -1.0 / halfLife);
        SplittableRandom random = new SplittableRandom(7);
        for (int n = 0; n < 2000; n++) {
            // Cluster 3 is rare, so its weight spans many orders of magnitude.
            int cluster = random.nextInt(100) == 0 ? 3 : random.nextInt(3);
            float[] x = new float[d];
            for (int i = 0; i < d; i++) {
                x[i] = (float) random.nextGaussian();
            }
            stats.observe(cluster, x);
            for (int j = 0; j < k; j++) {
                weights[j] *= decay;
            }
            weights[cluster] += 1.0;
            for (int i = 0; i < d; i++) {
                means[cluster][i] += (x[i] - means[cluster][i]) / weights[cluster];
            }
        }

        double[] lazy = stats.weights();
        float[][] lazyMeans = stats.means();
        for (int j = 0; j < k; j++) {
            assertThat(lazy[j]).isCloseTo(weights[j], within(1e-9 * Math.max(weights[j], 1e-300)));
            for (int i = 0; i < d; i++) {
                assertThat((double) lazyMeans[j][i]).isCloseTo(means[j][i], within(1e-5));
            }
        }
    }

    @Test
    void theSteadyStateTotalWeightIsTheGeometricSeriesLimit() {
        // With no pseudo-count, n records total 1 + r + ... + r^(n-1) = (1 - r^n) / (1 - r) for
        // r = 2^(-1/H); with H = 10 and n = 1000 that is 1 / (1 - 2^(-0.1)) = 14.9273 up to 2^-100.
        DecayedClusterStatistics stats = new DecayedClusterStatistics(new float[][] {{0f}, {1f}}, 0.0, 10.0);
        for (int n = 0; n < 1000; n++) {
            stats.observe(n % 2, new float[] {n % 2});
        }

        double total = stats.weight(0) + stats.weight(1);
        assertThat(total).isCloseTo(1.0 / (1.0 - Math.pow(2.0, -0.1)), within(1e-9));
    }

    @Test
    void aVeryShortHalfLifeForgetsEverythingButTheLastRecord() {
        // H = 1e-4 decays by 2^-10000 per record, which underflows to zero in double.
        DecayedClusterStatistics stats = new DecayedClusterStatistics(new float[][] {{0f}, {1f}}, 5.0, 1e-4);

        stats.observe(1, new float[] {2f});
        stats.observe(0, new float[] {3f});

        assertThat(stats.weights()).containsExactly(1.0, 0.0);
        assertThat(stats.means()).isDeepEqualTo(new float[][] {{3f}, {2f}});
    }

    @Test
    void replaceSetsTheCentroidAndTheWeightExactly() {
        DecayedClusterStatistics stats = new DecayedClusterStatistics(new float[][] {{0f}, {1f}}, 1.0, 3.0);
        stats.observe(0, new float[] {0.5f});
        double before = stats.weight(0);

        stats.replace(1, new float[] {9f}, 0.25);

        assertThat(stats.weight(1)).isEqualTo(0.25);
        assertThat(stats.means()[1]).containsExactly(9f);
        assertThat(stats.weight(0)).isCloseTo(before, within(1e-15));
        assertThat(stats.observed()).isEqualTo(1);
    }

    @Test
    void aRestoredSnapshotContinuesIdentically() {
        SplittableRandom random = new SplittableRandom(11);
        DecayedClusterStatistics original =
                new DecayedClusterStatistics(new float[][] {{0f, 0f}, {5f, 5f}, {-5f, 5f}}, 1.0, 7.0);
        observeRandomly(original, random, 300);

        DecayedClusterStatistics.Snapshot snapshot = original.snapshot();
        DecayedClusterStatistics restored = DecayedClusterStatistics.restore(snapshot);
        assertThat(restored.snapshot()).isEqualTo(snapshot);

        // 1000 records with H = 7 cross two folds (every 448 records) on both copies.
        long seed = random.nextLong();
        observeRandomly(original, new SplittableRandom(seed), 1000);
        observeRandomly(restored, new SplittableRandom(seed), 1000);

        assertThat(restored.weights()).containsExactly(original.weights());
        assertThat(restored.means()).isDeepEqualTo(original.means());
        assertThat(restored.observed()).isEqualTo(original.observed()).isEqualTo(1300);
        assertThat(restored.snapshot()).isEqualTo(original.snapshot());
    }

    @Test
    void aSnapshotIsACopy() {
        DecayedClusterStatistics stats = new DecayedClusterStatistics(new float[][] {{1f}}, 2.0, 3.0);
        DecayedClusterStatistics.Snapshot snapshot = stats.snapshot();

        snapshot.means()[0][0] = 42f;
        snapshot.weights()[0] = 42.0;
        stats.observe(0, new float[] {5f});

        assertThat(snapshot.means()[0]).containsExactly(1f);
        assertThat(snapshot.weights()).containsExactly(2.0);
        assertThat(snapshot.observed()).isZero();
        assertThat(snapshot.halfLifeRecords()).isEqualTo(3.0);
    }

    @Test
    void rejectsInvalidArguments() {
        float[][] centroids = {{0f, 0f}, {1f, 1f}};
        for (double halfLife : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> new DecayedClusterStatistics(centroids, 1.0, halfLife))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("halfLifeRecords must be in (0, +inf), got " + halfLife);
        }
        assertThatThrownBy(() -> new DecayedClusterStatistics(centroids, -0.5, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("initialWeight must be in [0, +inf), got -0.5");
        assertThatThrownBy(() -> new DecayedClusterStatistics(new float[][] {{0f}, {Float.NaN}}, 1.0, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("initialCentroids[1][0] is not finite: NaN");

        DecayedClusterStatistics stats = new DecayedClusterStatistics(centroids, 1.0, 1.0);
        assertThatThrownBy(() -> stats.observe(-1, new float[] {0f, 0f}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cluster must be in [0, 2), got -1");
        assertThatThrownBy(() -> stats.observe(0, new float[] {0f}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("embedding has dimension 1 but the centroids have dimension 2");
        assertThatThrownBy(() -> stats.observe(0, new float[] {0f, Float.POSITIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("embedding[1] is not finite: Infinity");
        assertThatThrownBy(() -> stats.replace(1, new float[] {0f, 0f}, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weight must be in [0, +inf), got NaN");
        assertThatThrownBy(() -> DecayedClusterStatistics.restore(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("snapshot must not be null");
        assertThatThrownBy(() -> new DecayedClusterStatistics.Snapshot(centroids, new double[] {1.0}, 0, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weights must have one entry per mean (2), got 1");
        assertThatThrownBy(() -> new DecayedClusterStatistics.Snapshot(centroids, new double[] {1.0, 1.0}, -1, 1.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("observed must be in [0, +inf), got -1");
        assertThat(stats.observed()).isZero();
    }

    private static void observeRandomly(DecayedClusterStatistics stats, SplittableRandom random, int count) {
        for (int n = 0; n < count; n++) {
            int cluster = random.nextInt(stats.k());
            float[] x = new float[stats.dimension()];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (random.nextGaussian() + cluster);
            }
            stats.observe(cluster, x);
        }
    }
}
