package io.kluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PrincipalComponentsTest {

    /** Points spread 10 along (1,1,0)/√2, 3 along (0,0,1) and 0.5 along (1,−1,0)/√2, around (5, −2, 1). */
    private static float[][] elongatedCloud(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] points = new float[n][];
        double r = Math.sqrt(0.5);
        for (int i = 0; i < n; i++) {
            double a = random.nextGaussian() * 10;
            double b = random.nextGaussian() * 3;
            double c = random.nextGaussian() * 0.5;
            points[i] = new float[] {(float) (5 + a * r + c * r), (float) (-2 + a * r - c * r), (float) (1 + b)};
        }
        return points;
    }

    @Test
    void findsTheDirectionsOfLargestVarianceInOrder() {
        PrincipalComponents pca = PrincipalComponents.fit(elongatedCloud(20_000, 1L), 2, 7L);

        double[] first = pca.component(0);
        double[] second = pca.component(1);
        double r = Math.sqrt(0.5);
        assertThat(Math.abs(first[0] * r + first[1] * r)).isCloseTo(1.0, within(1e-3));
        assertThat(Math.abs(second[2])).isCloseTo(1.0, within(1e-3));
        assertThat(pca.variance(0)).isCloseTo(100, within(4.0));
        assertThat(pca.variance(1)).isCloseTo(9, within(0.5));
        assertThat(first[0] * second[0] + first[1] * second[1] + first[2] * second[2]).isCloseTo(0, within(1e-6));
    }

    @Test
    void projectsRelativeToTheMean() {
        float[][] points = {{1, 1}, {3, 3}};
        PrincipalComponents pca = PrincipalComponents.fit(points, 1, 1L);

        assertThat(Math.abs(pca.project(new float[] {2, 2})[0])).isCloseTo(0, within(1e-9));
        assertThat(Math.abs(pca.project(new float[] {3, 3})[0])).isCloseTo(Math.sqrt(2), within(1e-6));
    }

    @Test
    void theSameSeedGivesTheSameComponents() {
        float[][] points = elongatedCloud(500, 3L);

        assertThat(PrincipalComponents.fit(points, 2, 5L).component(1))
                .containsExactly(PrincipalComponents.fit(points, 2, 5L).component(1));
    }

    @Test
    void rejectsTooFewPointsAndTooManyComponents() {
        assertThatThrownBy(() -> PrincipalComponents.fit(new float[][] {{1, 2}}, 1, 0L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrincipalComponents.fit(new float[][] {{1, 2}, {3, 4}}, 3, 0L))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
