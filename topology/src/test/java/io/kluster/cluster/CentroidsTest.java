package io.kluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CentroidsTest {

    private static final float[][] POINTS = {{0f, 0f}, {0f, 1f}, {10f, 10f}, {10f, 11f}};

    @Test
    void meansAverageEachClusterAndLeaveEmptyOnesAtZero() {
        float[][] means = Centroids.means(POINTS, new int[] {0, 0, 1, 1}, 3);

        assertThat(means).isDeepEqualTo(new float[][] {{0f, 0.5f}, {10f, 10.5f}, {0f, 0f}});
    }

    @Test
    void anEmptyClusterIsReseededFromAPerturbedNonEmptyCentroid() {
        float[][] centroids = {{0f, 0.5f}, {10f, 10.5f}, {-100f, -100f}};
        int[] labels = {0, 0, 1, 1};

        int reseeded = Centroids.reseedEmpty(POINTS, centroids, labels, new SplittableRandom(1L));

        assertThat(reseeded).isEqualTo(1);
        int donor = Math.abs(centroids[2][0] - 0f) < 1f ? 0 : 1;
        float[] original = donor == 0 ? new float[] {0f, 0.5f} : new float[] {10f, 10.5f};
        for (int j = 0; j < 2; j++) {
            assertThat(centroids[2][j]).isCloseTo(original[j], within(0.05f));
            assertThat(centroids[donor][j]).isCloseTo(original[j], within(0.05f));
        }
        assertThat(centroids[2]).isNotEqualTo(centroids[donor]);
        assertThat(Arrays.stream(labels).distinct().count()).as("every cluster has a point").isEqualTo(3);
    }

    @Test
    void nothingChangesWhenNoClusterIsEmpty() {
        float[][] centroids = {{0f, 0.5f}, {10f, 10.5f}};
        int[] labels = {0, 0, 1, 1};

        assertThat(Centroids.reseedEmpty(POINTS, centroids, labels, new SplittableRandom(1L))).isZero();
        assertThat(centroids).isDeepEqualTo(new float[][] {{0f, 0.5f}, {10f, 10.5f}});
        assertThat(labels).containsExactly(0, 0, 1, 1);
    }
}
