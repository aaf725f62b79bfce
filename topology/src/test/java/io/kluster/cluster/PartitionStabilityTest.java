package io.kluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PartitionStabilityTest {

    /** 200 points on a line, 0 to 199. */
    private static float[][] line() {
        float[][] points = new float[200][];
        for (int i = 0; i < points.length; i++) {
            points[i] = new float[] {i};
        }
        return points;
    }

    private static int[] cutAt(float[][] points, double threshold) {
        int[] labels = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            labels[i] = points[i][0] < threshold ? 0 : 1;
        }
        return labels;
    }

    @Test
    void aProcedureThatFindsTheSamePartsOnEverySubsampleIsFullyReproducible() {
        float[][] points = line();
        PartitionStability.Partitioner halves = (sample, seed) -> cutAt(sample, 100);

        double stability = PartitionStability.of(halves, points, cutAt(points, 100), 3, 0.8, new SplittableRandom(1));

        assertThat(stability).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aProcedureThatPutsEverySubsampleInOnePartAgreesWithTheReferenceNoMoreThanChance() {
        // The adjusted Rand index of any partition against a single part is 0 by construction.
        float[][] points = line();
        PartitionStability.Partitioner onePart = (sample, seed) -> new int[sample.length];

        assertThat(PartitionStability.of(onePart, points, cutAt(points, 100), 2, 0.8, new SplittableRandom(1)))
                .isCloseTo(0.0, within(1e-12));
    }

    @Test
    void aCutThatMovesFromSubsampleToSubsampleIsLessReproducibleThanOneThatStays() {
        float[][] points = line();
        PartitionStability.Partitioner wandering = (sample, seed) -> cutAt(sample, new SplittableRandom(seed).nextInt(20, 180));
        PartitionStability.Partitioner steady = (sample, seed) -> cutAt(sample, 100);

        double moving = PartitionStability.of(wandering, points, cutAt(points, 100), 10, 0.8, new SplittableRandom(2));
        double staying = PartitionStability.of(steady, points, cutAt(points, 100), 10, 0.8, new SplittableRandom(2));

        assertThat(moving).isLessThan(0.7).isLessThan(staying);
    }

    @Test
    void refusesAReferenceOfOtherPointsAndAnEmptyOrWholeSubsample() {
        float[][] points = line();
        PartitionStability.Partitioner halves = (sample, seed) -> cutAt(sample, 100);

        assertThatThrownBy(() -> PartitionStability.of(halves, points, new int[3], 2, 0.8, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PartitionStability.of(halves, points, cutAt(points, 100), 0, 0.8, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PartitionStability.of(halves, points, cutAt(points, 100), 2, 1.0, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
