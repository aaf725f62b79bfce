package io.kluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StudentTAssignerTest {

    private static final float EPS = 1e-6f;

    private final StudentTAssigner dec = new StudentTAssigner();

    @Test
    void defaultAlphaIsOne() {
        assertThat(StudentTAssigner.DEFAULT_ALPHA).isEqualTo(1.0);
        assertThat(dec.alpha()).isEqualTo(1.0);
    }

    @Test
    void matchesHandComputedValuesInOneDimension() {
        // z = 0, mu = {1, 3}, alpha = 1: kernels 1/(1+1) = 1/2 and 1/(1+9) = 1/10, sum 3/5,
        // so q = (5/6, 1/6); nearest centroid 0 at distance 1.
        Assignment a = dec.assign(new float[] {0f}, new float[][] {{1f}, {3f}});

        assertThat(a.q()).containsExactly(new float[] {5f / 6f, 1f / 6f}, within(EPS));
        assertThat(a.cluster()).isZero();
        assertThat(a.confidence()).isCloseTo(5f / 6f, within(EPS));
        assertThat(a.distance()).isCloseTo(1f, within(EPS));
    }

    @Test
    void matchesHandComputedValuesInTwoDimensions() {
        // z = (1, 1), mu = {(4, 5), (1, 3), (2, 2)}: squared distances 25, 4, 2, kernels 1/26, 1/5,
        // 1/3; with the common denominator 390 these are 15, 78, 130, sum 223, so
        // q = (15, 78, 130) / 223. Nearest is centroid 2 at distance sqrt(2).
        Assignment a = dec.assign(new float[] {1f, 1f}, new float[][] {{4f, 5f}, {1f, 3f}, {2f, 2f}});

        assertThat(a.q()).containsExactly(
                new float[] {15f / 223f, 78f / 223f, 130f / 223f}, within(EPS));
        assertThat(a.cluster()).isEqualTo(2);
        assertThat(a.distance()).isCloseTo((float) Math.sqrt(2.0), within(EPS));
    }

    @Test
    void confidenceIsTheLargestSoftAssignment() {
        SplittableRandom random = new SplittableRandom(3);
        float[][] centroids = randomMatrix(random, 7, 5);
        for (int trial = 0; trial < 100; trial++) {
            Assignment a = dec.assign(randomMatrix(random, 1, 5)[0], centroids);
            float max = 0f;
            for (float v : a.q()) {
                max = Math.max(max, v);
            }
            assertThat(a.confidence()).isEqualTo(max);
            assertThat(a.q()[a.cluster()]).isEqualTo(max);
        }
    }

    @Test
    void distanceIsEuclideanToTheChosenCentroidNotSquared() {
        Assignment a = dec.assign(new float[] {0f, 0f}, new float[][] {{3f, 4f}, {30f, 40f}});

        assertThat(a.cluster()).isZero();
        assertThat(a.distance()).isEqualTo(5f);
    }

    @Test
    void softAssignmentsSumToOne() {
        SplittableRandom random = new SplittableRandom(11);
        float[][] centroids = randomMatrix(random, 10, 8);
        float[][] q = dec.softAssignAll(randomMatrix(random, 200, 8), centroids);
        for (float[] row : q) {
            double sum = 0;
            for (float v : row) {
                assertThat(v).isBetween(0f, 1f);
                sum += v;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void tiesGoToTheLowestIndex() {
        Assignment a = dec.assign(new float[] {0f}, new float[][] {{2f}, {-1f}, {1f}});

        assertThat(a.cluster()).isEqualTo(1);
        assertThat(a.q()[1]).isEqualTo(a.q()[2]);
    }

    @Test
    void largerAlphaSharpensTheAssignment() {
        // alpha = 3 gives exponent 2: kernels (1 + 1/3)^-2 = 9/16 and (1 + 9/3)^-2 = 1/16,
        // so q = (9/10, 1/10), sharper than alpha = 1's (5/6, 1/6).
        float[] z = {0f};
        float[][] mu = {{1f}, {3f}};
        float[] q = new float[2];
        new StudentTAssigner(3.0).softAssign(z, mu, q);

        assertThat(q).containsExactly(new float[] {0.9f, 0.1f}, within(EPS));
        assertThat(q[0]).isGreaterThan(dec.assign(z, mu).confidence());
    }

    @Test
    void veryLargeAlphaApproachesAGaussianKernel() {
        // (1 + d^2/alpha)^(-(alpha+1)/2) -> exp(-d^2/2): q0 = 1 / (1 + exp(-(9 - 1)/2)).
        float[] q = new float[2];
        new StudentTAssigner(1e7).softAssign(new float[] {0f}, new float[][] {{1f}, {3f}}, q);

        assertThat((double) q[0]).isCloseTo(1.0 / (1.0 + Math.exp(-4.0)), within(1e-5));
    }

    @Test
    void staysFiniteFarFromAllCentroidsWhenEveryKernelUnderflows() {
        // alpha = 100 at distance ~1e5: (1 + 1e10/100)^-50.5 = 1e-404 underflows even a double, so
        // a direct evaluation gives 0/0. Relative to the nearest centroid the ratio is
        // ((100 + 1e10) / (100 + (1e5 - 1)^2))^50.5 ~ exp(50.5 * 2e-5) ~ 1.00101, so q1 ~ 0.50025.
        float[] q = new float[2];
        new StudentTAssigner(100.0).softAssign(new float[] {1e5f}, new float[][] {{0f}, {1f}}, q);

        assertThat(q[0]).isNotNaN();
        assertThat(q[1]).isNotNaN();
        assertThat(q[0] + q[1]).isCloseTo(1f, within(EPS));
        assertThat((double) q[1]).isCloseTo(0.50025, within(1e-5));
    }

    @Test
    void staysFiniteWhenDistancesExceedTheFloatRange() {
        // Distances of 6e38 and 5e38 overflow float; with alpha = 1 the kernels are ~1/d^2, so
        // q = (25, 36) / 61.
        Assignment a = dec.assign(new float[] {3e38f}, new float[][] {{-3e38f}, {-2e38f}});

        assertThat(a.q()).containsExactly(new float[] {25f / 61f, 36f / 61f}, within(EPS));
        assertThat(a.cluster()).isEqualTo(1);
    }

    @Test
    void farFromTwoSymmetricCentroidsSplitsEvenly() {
        float[] q = new float[2];
        new StudentTAssigner(50.0).softAssign(new float[] {0f, 1e18f}, new float[][] {{-1f, 0f}, {1f, 0f}}, q);

        assertThat(q).containsExactly(0.5f, 0.5f);
    }

    @Test
    void softAssignAllMatchesOneAtATime() {
        SplittableRandom random = new SplittableRandom(5);
        float[][] centroids = randomMatrix(random, 4, 3);
        float[][] embeddings = randomMatrix(random, 20, 3);
        float[][] all = dec.softAssignAll(embeddings, centroids);
        for (int i = 0; i < embeddings.length; i++) {
            assertThat(all[i]).containsExactly(dec.assign(embeddings[i], centroids).q());
        }
    }

    @Test
    void assignmentIsImmutable() {
        Assignment a = dec.assign(new float[] {0f}, new float[][] {{1f}, {3f}});
        a.q()[0] = 42f;

        assertThat(a.q()[0]).isCloseTo(5f / 6f, within(EPS));
        assertThat(a).isEqualTo(dec.assign(new float[] {0f}, new float[][] {{1f}, {3f}}));
    }

    @Test
    void rejectsInvalidArguments() {
        assertThatThrownBy(() -> new StudentTAssigner(0.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new StudentTAssigner(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dec.assign(new float[] {0f}, new float[][] {{1f, 2f}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimension");
        assertThatThrownBy(() -> dec.assign(new float[] {0f}, new float[0][]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> dec.softAssign(new float[] {0f}, new float[][] {{1f}}, new float[2]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("qOut");
        assertThatThrownBy(() -> dec.assign(new float[] {Float.NaN}, new float[][] {{1f}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-finite");
    }

    static float[][] randomMatrix(SplittableRandom random, int rows, int columns) {
        float[][] m = new float[rows][columns];
        for (float[] row : m) {
            for (int j = 0; j < columns; j++) {
                row[j] = (float) (random.nextDouble() * 4.0 - 2.0);
            }
        }
        return m;
    }
}
