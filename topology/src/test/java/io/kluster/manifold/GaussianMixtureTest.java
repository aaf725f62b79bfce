package io.kluster.manifold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaussianMixtureTest {

    @Test
    void aPartitionIntoTwoSymmetricSquaresIsAFixedPointComputedByHand() {
        // The corners of two unit squares about (0, 0) and (10, 10): each part's mean is its centre, its covariance
        // the identity, its weight one half, and 10 units apart a corner's posterior for the other part is
        // exp(-(~49 units)) ≈ 0, so EM started there stays there.
        double[][] points = {{-1, -1}, {-1, 1}, {1, -1}, {1, 1}, {9, 9}, {9, 11}, {11, 9}, {11, 11}};
        int[] start = {0, 0, 0, 0, 1, 1, 1, 1};

        GaussianMixture mixture = GaussianMixture.fit(points, start, 2, 50, 1e-9);

        assertThat(mixture.weight(0)).isCloseTo(0.5, within(1e-9));
        assertThat(mixture.mean(0)).containsExactly(new double[] {0, 0}, within(1e-9));
        assertThat(mixture.mean(1)).containsExactly(new double[] {10, 10}, within(1e-9));
        // log N(corner; centre, I) = -log(2π) - |corner - centre|² / 2 = -log(2π) - 1 for every corner.
        assertThat(mixture.logLikelihood()).isCloseTo(-Math.log(2 * Math.PI) - 1 + Math.log(0.5), within(1e-6));
        assertThat(mixture.assign(new double[] {0.2, -0.3})).isZero();
        assertThat(mixture.assign(new double[] {10.5, 9})).isEqualTo(1);
    }

    @Test
    void recoversTheWeightsAndMeansOfTwoSampledGaussiansFromACrudeStart() {
        SplittableRandom random = new SplittableRandom(11);
        double[][] points = new double[1000][];
        int[] start = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            boolean first = i < 700;
            double cx = first ? 0 : 4;
            points[i] = new double[] {cx + random.nextGaussian(), (first ? 0 : 1) + 0.5 * random.nextGaussian()};
            start[i] = points[i][0] < 1 ? 0 : 1; // a cut at x = 1, off the midpoint: EM must move it
        }

        GaussianMixture mixture = GaussianMixture.fit(points, start, 2, 200, 1e-8);

        assertThat(mixture.weight(0)).isCloseTo(0.7, within(0.03));
        assertThat(mixture.mean(0)[0]).isCloseTo(0, within(0.15));
        assertThat(mixture.mean(1)[0]).isCloseTo(4, within(0.15));
        assertThat(mixture.mean(1)[1]).isCloseTo(1, within(0.1));
    }

    @Test
    void aFarAwayPointGoesToTheNearestMeanAndAPartOfOnePointIsRefused() {
        double[][] points = {{-1, -1}, {-1, 1}, {1, -1}, {1, 1}, {9, 9}, {9, 11}, {11, 9}, {11, 11}};
        GaussianMixture mixture = GaussianMixture.fit(points, new int[] {0, 0, 0, 0, 1, 1, 1, 1}, 2, 50, 1e-9);

        assertThat(mixture.assign(new double[] {1e4, 1e4})).as("every density underflows").isEqualTo(1);
        assertThatThrownBy(() -> GaussianMixture.fit(points, new int[] {0, 1, 1, 1, 1, 1, 1, 1}, 2, 50, 1e-9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("part 0");
    }
}
