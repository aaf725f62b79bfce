package io.kluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KMeansTest {

    private static final float[][] BLOB_CENTRES = {{0f, 0f}, {10f, 0f}, {0f, 10f}, {10f, 10f}};

    @Test
    void recoversWellSeparatedGaussianBlobs() {
        int[] truth = new int[400];
        float[][] data = blobs(new SplittableRandom(7), BLOB_CENTRES, 100, 0.5, truth);

        KMeansResult result = KMeans.builder().k(4).seed(7).build().fit(data);

        assertThat(ClusteringMetrics.adjustedRandIndex(truth, result.labels())).isEqualTo(1.0);
        for (float[] centre : BLOB_CENTRES) {
            float[] found = result.centroids()[KMeans.nearest(centre, result.centroids())];
            assertThat(Math.sqrt(KMeans.squaredDistance(centre, found))).isLessThan(0.2);
        }
        assertThat(result.clusterSizes()).containsOnly(100);
    }

    @Test
    void isDeterministicForAGivenSeed() {
        float[][] data = uniform(new SplittableRandom(1), 500, 5);
        KMeans kMeans = KMeans.builder().k(6).restarts(3).seed(123).build();

        KMeansResult first = kMeans.fit(data);
        KMeansResult second = KMeans.builder().k(6).restarts(3).seed(123).build().fit(data);

        assertThat(second).isEqualTo(first);
        assertThat(second.centroids()).isDeepEqualTo(first.centroids());
        assertThat(second.labels()).containsExactly(first.labels());
    }

    @Test
    void labelsPointToTheNearestCentroidAndInertiaIsTheirSquaredDistance() {
        float[][] data = uniform(new SplittableRandom(2), 300, 3);
        KMeansResult result = KMeans.builder().k(5).seed(2).build().fit(data);

        double inertia = 0;
        for (int i = 0; i < data.length; i++) {
            assertThat(result.labels()[i]).isEqualTo(KMeans.nearest(data[i], result.centroids()));
            inertia += KMeans.squaredDistance(data[i], result.centroids()[result.labels()[i]]);
        }
        assertThat(result.inertia()).isCloseTo(inertia, within(1e-4 * inertia));
    }

    @Test
    void moreRestartsAreNeverWorseThanOne() {
        for (long seed = 0; seed < 8; seed++) {
            float[][] data = uniform(new SplittableRandom(100 + seed), 200, 2);
            double one = KMeans.builder().k(8).restarts(1).seed(seed).build().fit(data).inertia();
            double several = KMeans.builder().k(8).restarts(6).seed(seed).build().fit(data).inertia();

            assertThat(several).isLessThanOrEqualTo(one);
        }
    }

    @Test
    void reseedsAnEmptyClusterWithThePointFarthestFromItsCentroid() {
        // Nothing is nearest to 100, so cluster 1 empties at once. The farthest point from its own
        // centroid is 11 (5.5 from 5.5), which moves to cluster 1; then {0,1}, {11}, {10} is stable.
        float[][] data = {{0f}, {1f}, {10f}, {11f}};
        KMeans kMeans = KMeans.builder().k(3).build();

        KMeansResult result = kMeans.fit(data, new float[][] {{0.5f}, {100f}, {5.5f}});

        assertThat(result.reseeded()).isEqualTo(1);
        assertThat(result.centroids()).isDeepEqualTo(new float[][] {{0.5f}, {11f}, {10f}});
        assertThat(result.labels()).containsExactly(0, 0, 2, 1);
        assertThat(result.inertia()).isEqualTo(0.5);
    }

    @Test
    void separatesIdenticalStartingCentroids() {
        // Both points 0 tie between the identical centroids 0 and 1 and go to 0, so cluster 1 is
        // empty. Points 1 and 11 are both at squared distance 1 from their centroids; the lower
        // index wins, so point 1 seeds cluster 1.
        float[][] data = {{0f}, {1f}, {10f}, {11f}};

        KMeansResult result = KMeans.builder().k(3).build().fit(data, new float[][] {{0f}, {0f}, {10f}});

        assertThat(result.reseeded()).isEqualTo(1);
        assertThat(result.centroids()).isDeepEqualTo(new float[][] {{0f}, {1f}, {10.5f}});
        assertThat(result.inertia()).isEqualTo(0.5);
    }

    @Test
    void neverReturnsIdenticalCentroidsWhenThereAreKDistinctPoints() {
        // Five distinct points, each repeated many times: exactly k distinct rows.
        float[][] distinct = {{0f, 0f}, {1f, 0f}, {0f, 1f}, {5f, 5f}, {5f, 6f}};
        float[][] data = new float[100][];
        for (int i = 0; i < data.length; i++) {
            data[i] = distinct[(i * 7) % distinct.length].clone();
        }
        for (long seed = 0; seed < 10; seed++) {
            KMeansResult result = KMeans.builder().k(5).restarts(1).seed(seed).build().fit(data);

            Set<List<Float>> centroids = new HashSet<>();
            for (float[] c : result.centroids()) {
                centroids.add(List.of(c[0], c[1]));
            }
            assertThat(centroids).hasSize(5);
            assertThat(result.inertia()).isZero();
        }
    }

    @Test
    void kEqualToTheNumberOfPointsPutsEveryPointInItsOwnCluster() {
        float[][] data = uniform(new SplittableRandom(4), 12, 3);

        KMeansResult result = KMeans.builder().k(12).seed(4).build().fit(data);

        assertThat(result.inertia()).isZero();
        assertThat(result.clusterSizes()).containsOnly(1);
    }

    @Test
    void rejectsFewerPointsThanClusters() {
        KMeans kMeans = KMeans.builder().k(5).build();

        assertThatThrownBy(() -> kMeans.fit(new float[4][2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least k = 5");
    }

    @Test
    void rejectsInvalidSettingsAndData() {
        assertThatThrownBy(() -> KMeans.builder().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k must be set");
        assertThatThrownBy(() -> KMeans.builder().k(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KMeans.builder().restarts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KMeans.builder().maxIterations(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KMeans.builder().tolerance(-1)).isInstanceOf(IllegalArgumentException.class);
        KMeans kMeans = KMeans.builder().k(2).build();
        assertThatThrownBy(() -> kMeans.fit(new float[][] {{1f, 2f}, {3f}}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> kMeans.fit(new float[][] {{1f}, {Float.NaN}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not finite");
        assertThatThrownBy(() -> kMeans.fit(new float[][] {{1f}, {2f}}, new float[][] {{1f}}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hasDocumentedDefaults() {
        KMeans kMeans = KMeans.builder().k(3).build();

        assertThat(kMeans.restarts()).isEqualTo(10);
        assertThat(kMeans.maxIterations()).isEqualTo(300);
        assertThat(kMeans.tolerance()).isEqualTo(1e-4);
    }

    @Test
    void stopsAtMaxIterations() {
        float[][] data = uniform(new SplittableRandom(5), 2000, 2);

        KMeansResult result = KMeans.builder().k(20).restarts(1).maxIterations(2).tolerance(0).build().fit(data);

        assertThat(result.iterations()).isLessThanOrEqualTo(2);
        for (int i = 0; i < data.length; i++) {
            assertThat(result.labels()[i]).isEqualTo(KMeans.nearest(data[i], result.centroids()));
        }
    }

    @Test
    void nearestAndSquaredDistanceWorkOnPlainVectors() {
        float[][] centroids = {{0f, 0f}, {3f, 4f}, {3f, 4f}};

        assertThat(KMeans.squaredDistance(new float[] {0f, 0f}, new float[] {3f, 4f})).isEqualTo(25.0);
        assertThat(KMeans.nearest(new float[] {2.9f, 4.2f}, centroids)).isEqualTo(1);
        assertThat(KMeans.nearest(new float[] {1.5f, 2f}, centroids)).isZero();
        assertThatThrownBy(() -> KMeans.squaredDistance(new float[1], new float[2]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void handlesDimensionsThatAreNotAMultipleOfTheUnrolling() {
        float[] a = new float[19];
        float[] b = new float[19];
        double expected = 0;
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
            b[i] = 2 * i + 1;
            expected += (double) (i + 1) * (i + 1);
        }

        assertThat(KMeans.distance(a, b)).isEqualTo(expected);
        assertThat(KMeans.squaredDistance(a, b)).isEqualTo(expected);
    }

    static float[][] blobs(SplittableRandom random, float[][] centres, int perBlob, double sd, int[] truthOut) {
        float[][] data = new float[centres.length * perBlob][];
        // java.util.Random for nextGaussian, seeded from the caller's stream.
        Random gaussian = new Random(random.nextLong());
        for (int i = 0; i < data.length; i++) {
            int blob = i % centres.length;
            truthOut[i] = blob;
            data[i] = new float[centres[blob].length];
            for (int d = 0; d < data[i].length; d++) {
                data[i][d] = (float) (centres[blob][d] + sd * gaussian.nextGaussian());
            }
        }
        return data;
    }

    static float[][] uniform(SplittableRandom random, int n, int dim) {
        float[][] data = new float[n][dim];
        for (float[] row : data) {
            for (int d = 0; d < dim; d++) {
                row[d] = (float) random.nextDouble();
            }
        }
        return data;
    }
}
