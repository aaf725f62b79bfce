package io.kluster.manifold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kluster.cluster.ClusteringMetrics;
import io.kluster.cluster.KMeans;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NeighbourhoodClusteringTest {

    @Test
    void separatesASmallTightGroupFromTheBroadOneBesideItWhereKMeansSplitsTheBroadOne() {
        UnevenGroups groups = UnevenGroups.of(2);
        int[] kmeans = KMeans.builder().k(3).restarts(5).seed(1).build().fit(groups.points()).labels();

        NeighbourhoodPartition partition = NeighbourhoodClustering.builder().seed(1).build().fit(groups.points(), 3);

        assertThat(ClusteringMetrics.nmi(groups.labels(), kmeans)).as("k-means on the groups").isLessThan(0.7);
        assertThat(ClusteringMetrics.nmi(groups.labels(), partition.labels())).as("the neighbourhood step on the groups")
                .isGreaterThan(0.9);
        assertThat(partition.mixtureFitted()).isTrue();
        assertThat(partition.sizes(3)).containsExactlyInAnyOrder(600, 60, 60);
    }

    @Test
    void theSameSeedGivesTheSamePartition() {
        UnevenGroups groups = UnevenGroups.of(3);
        NeighbourhoodClustering step = NeighbourhoodClustering.builder().seed(5).build();

        assertThat(step.fit(groups.points(), 3).labels()).isEqualTo(step.fit(groups.points(), 3).labels());
    }

    @Test
    void refusesTooFewPointsForItsNeighbourhoodsAndBadSettings() {
        float[][] points = java.util.Arrays.copyOf(UnevenGroups.of(1).points(), 20);

        assertThatThrownBy(() -> NeighbourhoodClustering.builder().build().fit(points, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 20 points");
        assertThatThrownBy(() -> NeighbourhoodClustering.builder().neighbours(1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NeighbourhoodClustering.builder().minDist(0.01f))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
