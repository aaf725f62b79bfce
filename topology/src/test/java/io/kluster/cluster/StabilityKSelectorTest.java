package io.kluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StabilityKSelectorTest {

    /** Gaussian blobs around the given centres, {@code sizes[c]} points of spread {@code spreads[c]} each. */
    private static float[][] blobs(float[][] centres, int[] sizes, double[] spreads, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<float[]> points = new ArrayList<>();
        for (int c = 0; c < centres.length; c++) {
            for (int i = 0; i < sizes[c]; i++) {
                float[] p = new float[centres[c].length];
                for (int d = 0; d < p.length; d++) {
                    p[d] = (float) (centres[c][d] + spreads[c] * gaussian(random));
                }
                points.add(p);
            }
        }
        return points.toArray(new float[0][]);
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static float[][] corners(int count, int dimension, float distance) {
        float[][] centres = new float[count][dimension];
        for (int c = 0; c < count; c++) {
            centres[c][c % dimension] = distance * (c < dimension ? 1 : -1);
        }
        return centres;
    }

    @Test
    void choosesTheNumberOfWellSeparatedBlobsOfUnequalSizeAndSpread() {
        float[][] points = blobs(corners(6, 5, 10), new int[] {300, 60, 200, 120, 40, 180},
                new double[] {1.0, 0.5, 1.5, 0.8, 1.2, 0.6}, 3);

        KSelection selection = StabilityKSelector.builder(2, 12).seed(7).build().select(points);

        assertThat(selection.chosen()).as(selection.toString()).isEqualTo(6);
        assertThat(selection.at(6)).isGreaterThan(0.95);
        assertThat(selection.criterion()).isEqualTo("stability");
    }

    @Test
    void groupsAtVeryUnequalDistancesAreAllFoundNotOnlyTheFarOnes() {
        // Eight groups on the axes, scaled as a model fitted on the first five scales them: the three
        // new ones stand far out, the five old ones close together. Cutting at the far ones is
        // reproducible (k=4); so is finding all eight, which is the structure.
        SplittableRandom random = new SplittableRandom(21);
        float[][] points = new float[600][8];
        for (int i = 0; i < points.length; i++) {
            for (int d = 0; d < 8; d++) {
                double v = (d == i % 8 ? 10 : 0) + random.nextDouble(-1, 1);
                points[i][d] = (float) (d < 5 ? (v - 2) / 4.05 : v / 0.58);
            }
        }

        for (long seed = 1; seed <= 10; seed++) {
            KSelection selection = StabilityKSelector.builder(2, 12).seed(seed).build().select(points);
            assertThat(selection.chosen()).as("seed %d: %s", seed, selection).isEqualTo(8);
        }
    }

    @Test
    void twoBlobsAreTwoClustersAndNotMore() {
        float[][] points = blobs(corners(2, 3, 8), new int[] {150, 150}, new double[] {1, 1}, 5);

        KSelection selection = StabilityKSelector.builder(2, 8).seed(1).build().select(points);

        assertThat(selection.chosen()).isEqualTo(2);
        // Cutting a round blob in two is a cut that moves from sample to sample.
        for (int k = 3; k <= 8; k++) {
            assertThat(selection.at(k)).as("stability at k=%d", k).isLessThan(selection.at(2));
        }
    }

    @Test
    void theCurveCoversTheRangeTheRecordsCanSupport() {
        float[][] points = blobs(corners(3, 3, 10), new int[] {10, 10, 10}, new double[] {1, 1, 1}, 9);
        StabilityKSelector selector = StabilityKSelector.builder(2, 30).seed(3).build();

        KSelection selection = selector.select(points);

        // 80% of 30 points is 24, five per cluster on average: k up to 4.
        assertThat(selector.largestK(points.length)).isEqualTo(4);
        assertThat(selection.kMin()).isEqualTo(2);
        assertThat(selection.kMax()).isEqualTo(4);
        assertThat(selection.curve()).hasSize(3);
        assertThat(selection.chosen()).isEqualTo(3);
    }

    @Test
    void theSameSeedGivesTheSameSelectionAndLargeInputsAreSubsampled() {
        float[][] points = blobs(corners(4, 4, 6), new int[] {2000, 1500, 1000, 500}, new double[] {1, 1, 1, 1}, 11);
        StabilityKSelector selector = StabilityKSelector.builder(2, 8).sampleSize(600).resamples(3).seed(5).build();

        KSelection first = selector.select(points);
        KSelection second = selector.select(points);

        assertThat(first).isEqualTo(second);
        assertThat(first.chosen()).isEqualTo(4);
        assertThat(first.describeCurve()).startsWith("2:").contains(",4:1.000");
    }

    @Test
    void reportsEveryKItTriesInOrder() {
        float[][] points = blobs(corners(3, 3, 10), new int[] {50, 50, 50}, new double[] {1, 1, 1}, 2);
        List<Integer> tried = new ArrayList<>();

        StabilityKSelector.builder(2, 5).seed(4).build().select(points, tried::add);

        assertThat(tried).containsExactly(2, 3, 4, 5);
    }

    @Test
    void rejectsRangesAndSettingsThatCannotWork() {
        assertThatThrownBy(() -> StabilityKSelector.builder(1, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("k.min must be >= 2, got 1");
        assertThatThrownBy(() -> StabilityKSelector.builder(6, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("k.max (5) must be >= k.min (6)");
        assertThatThrownBy(() -> StabilityKSelector.builder(2, 5).fraction(1.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StabilityKSelector.builder(2, 5).resamples(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StabilityKSelector.builder(3, 5).build().select(new float[][] {{1f}, {2f}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("need at least k.min=3 points, got 2");
        assertThatThrownBy(() -> new KSelection(9, 2, new double[] {0.5, 0.7}, "stability"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
