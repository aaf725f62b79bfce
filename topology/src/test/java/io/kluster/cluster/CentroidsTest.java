package io.kluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CentroidsTest {

    private static final float[][] POINTS = {{0f, 0f}, {0f, 1f}, {10f, 10f}, {10f, 11f}};

    @Test
    void meansAverageEachClusterAndLeaveEmptyOnesAtZero() {
        float[][] means = Centroids.means(POINTS, new int[] {0, 0, 1, 1}, 3);

        assertThat(means).isDeepEqualTo(new float[][] {{0f, 0.5f}, {10f, 10.5f}, {0f, 0f}});
    }

    @Test
    void anEmptyClusterTakesThePointFarthestFromItsCentroidAsKMeansDoes() {
        float[][] points = {{0f, 0f}, {0f, 1f}, {0f, 4f}, {10f, 10f}, {10f, 11f}};
        float[][] centroids = {{0f, 1f}, {10f, 10.5f}, {-100f, -100f}, {50f, 50f}};
        int[] labels = {0, 0, 0, 1, 1};

        int reseeded = Centroids.reseedEmpty(points, centroids, labels);

        assertThat(reseeded).isEqualTo(2);
        assertThat(centroids[2]).as("the farthest point of all, (0, 4)").containsExactly(0f, 4f);
        assertThat(labels).containsExactly(3, 0, 2, 1, 1);
        assertThat(centroids[3]).as("next, the farthest left in a cluster of two or more").containsExactly(0f, 0f);
    }

    @Test
    void aClusterOfOnePointIsNeverEmptiedToReseedAnother() {
        float[][] points = {{0f, 0f}, {100f, 100f}};
        float[][] centroids = {{0f, 0f}, {90f, 90f}, {5f, 5f}};
        int[] labels = {0, 1};

        assertThat(Centroids.reseedEmpty(points, centroids, labels)).isZero();
        assertThat(labels).containsExactly(0, 1);
    }

    @Test
    void nothingChangesWhenNoClusterIsEmpty() {
        float[][] centroids = {{0f, 0.5f}, {10f, 10.5f}};
        int[] labels = {0, 0, 1, 1};

        assertThat(Centroids.reseedEmpty(POINTS, centroids, labels)).isZero();
        assertThat(centroids).isDeepEqualTo(new float[][] {{0f, 0.5f}, {10f, 10.5f}});
        assertThat(labels).containsExactly(0, 0, 1, 1);
    }
}
