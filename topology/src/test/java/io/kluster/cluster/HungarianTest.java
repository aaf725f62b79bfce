package io.kluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HungarianTest {

    @Test
    void solvesASquareProblemByHand() {
        // Of the six permutations, (1, 0, 2) costs 1 + 2 + 2 = 5; every other costs at least 6.
        double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};

        assertThat(Hungarian.minimumCostAssignment(cost)).containsExactly(1, 0, 2);
    }

    @Test
    void solvesAWideProblemByHand() {
        // Two rows, three columns: row 0 -> 1 (cost 1) and row 1 -> 2 (cost 1) beat every alternative.
        double[][] cost = {{10, 1, 7}, {2, 3, 1}};

        assertThat(Hungarian.minimumCostAssignment(cost)).containsExactly(1, 2);
    }

    @Test
    void leavesSurplusRowsUnassignedInATallProblem() {
        // Three rows, two columns: rows 1 -> 0 (cost 1) and 2 -> 1 (cost 2) total 3; row 0 is left out.
        double[][] cost = {{5, 9}, {1, 8}, {4, 2}};

        assertThat(Hungarian.minimumCostAssignment(cost)).containsExactly(-1, 0, 1);
    }

    @Test
    void handlesNegativeCosts() {
        double[][] cost = {{-1, -10}, {-5, -4}};

        assertThat(Hungarian.minimumCostAssignment(cost)).containsExactly(1, 0);
    }

    @Test
    void maximisesWeight() {
        // 5 + 3 = 8 beats 1 + 4 = 5.
        double[][] weight = {{1, 5}, {3, 4}};

        assertThat(Hungarian.maximumWeightAssignment(weight)).containsExactly(1, 0);
    }

    @Test
    void handlesDegenerateShapes() {
        assertThat(Hungarian.minimumCostAssignment(new double[0][])).isEmpty();
        assertThat(Hungarian.minimumCostAssignment(new double[][] {{}, {}})).containsExactly(-1, -1);
        assertThat(Hungarian.minimumCostAssignment(new double[][] {{7}})).containsExactly(0);
    }

    @Test
    void matchesBruteForceOnRandomSmallMatrices() {
        SplittableRandom random = new SplittableRandom(2024);
        for (int trial = 0; trial < 300; trial++) {
            int rows = 1 + random.nextInt(6);
            int columns = 1 + random.nextInt(6);
            double[][] cost = new double[rows][columns];
            for (double[] row : cost) {
                for (int j = 0; j < columns; j++) {
                    // Small integers make ties common, which is where bugs hide.
                    row[j] = trial % 2 == 0 ? random.nextInt(10) : random.nextDouble() * 200 - 100;
                }
            }

            int[] assignment = Hungarian.minimumCostAssignment(cost);

            assertIsAMatchingOfSize(assignment, columns, Math.min(rows, columns));
            assertThat(total(cost, assignment)).isCloseTo(bruteForceMinimum(cost), within(1e-9));
            double[][] negated = new double[rows][columns];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < columns; j++) {
                    negated[i][j] = -cost[i][j];
                }
            }
            assertThat(total(negated, Hungarian.maximumWeightAssignment(negated)))
                    .isCloseTo(-bruteForceMinimum(cost), within(1e-9));
        }
    }

    @Test
    void solvesALargerProblemQuickly() {
        SplittableRandom random = new SplittableRandom(1);
        int n = 300;
        double[][] cost = new double[n][n];
        for (double[] row : cost) {
            for (int j = 0; j < n; j++) {
                row[j] = random.nextDouble();
            }
        }
        // A shuffled zero diagonal: the unique optimum costs 0.
        int[] permutation = new int[n];
        for (int i = 0; i < n; i++) {
            permutation[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = t;
        }
        for (int i = 0; i < n; i++) {
            cost[i][permutation[i]] = 0.0;
        }

        assertThat(Hungarian.minimumCostAssignment(cost)).containsExactly(permutation);
    }

    @Test
    void rejectsInvalidMatrices() {
        assertThatThrownBy(() -> Hungarian.minimumCostAssignment(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hungarian.minimumCostAssignment(new double[][] {{1, 2}, {3}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rectangular");
        assertThatThrownBy(() -> Hungarian.minimumCostAssignment(new double[][] {{1, Double.NaN}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not finite");
    }

    private static void assertIsAMatchingOfSize(int[] assignment, int columns, int size) {
        boolean[] taken = new boolean[columns];
        int assigned = 0;
        for (int column : assignment) {
            if (column >= 0) {
                assertThat(column).isLessThan(columns);
                assertThat(taken[column]).as("column %d assigned twice", column).isFalse();
                taken[column] = true;
                assigned++;
            }
        }
        assertThat(assigned).isEqualTo(size);
    }

    // Tries every injective map from the smaller side into the larger one.
    private static double bruteForceMinimum(double[][] cost) {
        int rows = cost.length;
        int columns = cost[0].length;
        if (rows <= columns) {
            return search(cost, 0, new boolean[columns], false);
        }
        return search(cost, 0, new boolean[rows], true);
    }

    private static double search(double[][] cost, int index, boolean[] used, boolean byColumn) {
        int count = byColumn ? cost[0].length : cost.length;
        if (index == count) {
            return 0.0;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int other = 0; other < used.length; other++) {
            if (!used[other]) {
                used[other] = true;
                double c = byColumn ? cost[other][index] : cost[index][other];
                best = Math.min(best, c + search(cost, index + 1, used, byColumn));
                used[other] = false;
            }
        }
        return best;
    }

    /** The total of {@code matrix[i][assignment[i]]} over the assigned rows. */
    private static double total(double[][] matrix, int[] assignment) {
        double sum = 0.0;
        for (int i = 0; i < assignment.length; i++) {
            if (assignment[i] >= 0) {
                sum += matrix[i][assignment[i]];
            }
        }
        return sum;
    }
}
