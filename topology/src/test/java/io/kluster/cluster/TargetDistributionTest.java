package io.kluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TargetDistributionTest {

    private static final float EPS = 1e-6f;

    @Test
    void matchesHandComputedValues() {
        // q = [[0.8, 0.2], [0.4, 0.6]], f = (1.2, 0.8).
        // Row 0: 0.64/1.2 = 32/60 and 0.04/0.8 = 3/60, so p = (32, 3) / 35.
        // Row 1: 0.16/1.2 = 8/60 and 0.36/0.8 = 27/60, so p = (8, 27) / 35.
        float[][] p = TargetDistribution.of(new float[][] {{0.8f, 0.2f}, {0.4f, 0.6f}});

        assertThat(p[0]).containsExactly(new float[] {32f / 35f, 3f / 35f}, within(EPS));
        assertThat(p[1]).containsExactly(new float[] {8f / 35f, 27f / 35f}, within(EPS));
    }

    @Test
    void rowsSumToOne() {
        float[][] p = TargetDistribution.of(randomSoftAssignments(new SplittableRandom(1), 300, 10));
        for (float[] row : p) {
            double sum = 0;
            for (float v : row) {
                sum += v;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void sharpensEveryRowWhenClustersAreEquallyFrequent() {
        // Cyclic rows give every cluster the same frequency, so only the squaring acts.
        float[][] q = {{0.5f, 0.3f, 0.2f}, {0.2f, 0.5f, 0.3f}, {0.3f, 0.2f, 0.5f}};
        float[][] p = TargetDistribution.of(q);
        for (int i = 0; i < q.length; i++) {
            assertThat(max(p[i])).isGreaterThanOrEqualTo(max(q[i]));
        }
        // With equal frequencies p_ij = q_ij^2 / sum_j q_ij^2: 0.25 / 0.38.
        assertThat(p[0][0]).isCloseTo(0.25f / 0.38f, within(EPS));
    }

    @Test
    void sharpensStudentTAssignmentsOnAverage() {
        SplittableRandom random = new SplittableRandom(9);
        float[][] centroids = StudentTAssignerTest.randomMatrix(random, 5, 4);
        float[][] q = new StudentTAssigner().softAssignAll(StudentTAssignerTest.randomMatrix(random, 500, 4), centroids);
        float[][] p = TargetDistribution.of(q);
        double meanMaxQ = 0;
        double meanMaxP = 0;
        for (int i = 0; i < q.length; i++) {
            meanMaxQ += max(q[i]);
            meanMaxP += max(p[i]);
        }
        assertThat(meanMaxP).isGreaterThan(meanMaxQ);
    }

    @Test
    void aClusterNobodyUsesGetsZeroInsteadOfNaN() {
        // f_1 = 0: column 1 contributes nothing, so both rows put all mass on cluster 0.
        float[][] p = TargetDistribution.of(new float[][] {{1f, 0f}, {1f, 0f}});

        assertThat(p[0]).containsExactly(1f, 0f);
        assertThat(p[1]).containsExactly(1f, 0f);
    }

    @Test
    void anAllZeroRowBecomesUniform() {
        float[][] p = TargetDistribution.of(new float[][] {{0f, 0f}, {0.5f, 0.5f}});

        assertThat(p[0]).containsExactly(0.5f, 0.5f);
    }

    @Test
    void rejectsInvalidArguments() {
        assertThatThrownBy(() -> TargetDistribution.of(new float[0][])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TargetDistribution.of(new float[][] {{0.5f, 0.5f}, {1f}}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TargetDistribution.of(new float[][] {{-0.1f, 1.1f}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-negative");
        assertThatThrownBy(() -> TargetDistribution.of(new float[][] {{Float.NaN, 1f}}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static float max(float[] row) {
        float m = row[0];
        for (float v : row) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static float[][] randomSoftAssignments(SplittableRandom random, int rows, int columns) {
        float[][] q = new float[rows][columns];
        for (float[] row : q) {
            double sum = 0;
            for (int j = 0; j < columns; j++) {
                row[j] = (float) random.nextDouble();
                sum += row[j];
            }
            for (int j = 0; j < columns; j++) {
                row[j] /= (float) sum;
            }
        }
        return q;
    }
}
