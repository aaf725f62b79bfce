package io.kluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClusteringMetricsTest {

    private static final double REFERENCE_TOLERANCE = 1e-9;

    /** One row of metric_fixtures.csv, written by generate_metric_fixtures.py with scikit-learn. */
    record Fixture(String name, int[] truth, int[] predicted, double accuracy, double nmiArithmetic,
            double nmiGeometric, double adjustedRandIndex) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> fixtures() {
        return readFixtures().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void agreesWithScikitLearnAndScipy(Fixture f) {
        assertThat(ClusteringMetrics.accuracy(f.truth(), f.predicted()))
                .as("accuracy").isCloseTo(f.accuracy(), within(REFERENCE_TOLERANCE));
        assertThat(ClusteringMetrics.nmi(f.truth(), f.predicted()))
                .as("nmi").isCloseTo(f.nmiArithmetic(), within(REFERENCE_TOLERANCE));
        assertThat(ClusteringMetrics.nmiGeometric(f.truth(), f.predicted()))
                .as("nmiGeometric").isCloseTo(f.nmiGeometric(), within(REFERENCE_TOLERANCE));
        assertThat(ClusteringMetrics.adjustedRandIndex(f.truth(), f.predicted()))
                .as("adjustedRandIndex").isCloseTo(f.adjustedRandIndex(), within(REFERENCE_TOLERANCE));
    }

    @Test
    void fixturesCoverRandomAndEdgeCases() {
        assertThat(readFixtures()).hasSizeGreaterThanOrEqualTo(30);
    }

    @Test
    void aPermutedPerfectLabelingScoresOneOnEveryMetric() {
        int[] truth = {0, 0, 0, 1, 1, 2, 2, 2, 2};
        int[] predicted = {5, 5, 5, 9, 9, 0, 0, 0, 0};

        assertThat(ClusteringMetrics.accuracy(truth, predicted)).isEqualTo(1.0);
        assertThat(ClusteringMetrics.nmi(truth, predicted)).isCloseTo(1.0, within(1e-12));
        assertThat(ClusteringMetrics.nmiGeometric(truth, predicted)).isCloseTo(1.0, within(1e-12));
        assertThat(ClusteringMetrics.adjustedRandIndex(truth, predicted)).isEqualTo(1.0);
    }

    @Test
    void independentLabelingsScoreNearZeroAdjustedRandIndex() {
        SplittableRandom random = new SplittableRandom(17);
        int n = 100_000;
        int[] truth = new int[n];
        int[] predicted = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = random.nextInt(10);
            predicted[i] = random.nextInt(10);
        }

        assertThat(ClusteringMetrics.adjustedRandIndex(truth, predicted)).isCloseTo(0.0, within(1e-3));
        assertThat(ClusteringMetrics.nmi(truth, predicted)).isCloseTo(0.0, within(1e-3));
        assertThat(ClusteringMetrics.accuracy(truth, predicted)).isLessThan(0.12);
    }

    @Test
    void accuracyUsesTheBestOneToOneMapByHand() {
        // Cluster 1 -> class 0 gets two right, cluster 0 -> class 1 one more: 3 of 4.
        assertThat(ClusteringMetrics.accuracy(new int[] {0, 0, 1, 1}, new int[] {1, 1, 1, 0})).isEqualTo(0.75);
        // Three clusters for two classes: one cluster stays unmatched and its sample counts as wrong.
        assertThat(ClusteringMetrics.accuracy(new int[] {0, 0, 1, 1}, new int[] {0, 0, 1, 2})).isEqualTo(0.75);
    }

    @Test
    void nmiMatchesAHandComputedCase() {
        // truth {0,0,1,1}, predicted {0,0,1,2}: H(T) = ln 2, H(C) = 1.5 ln 2, MI = ln 2 (C determines T).
        // Arithmetic: ln 2 / (1.25 ln 2) = 0.8; geometric: 1 / sqrt(1.5).
        int[] truth = {0, 0, 1, 1};
        int[] predicted = {0, 0, 1, 2};

        assertThat(ClusteringMetrics.mutualInformation(truth, predicted)).isCloseTo(Math.log(2), within(1e-12));
        assertThat(ClusteringMetrics.nmi(truth, predicted)).isCloseTo(0.8, within(1e-12));
        assertThat(ClusteringMetrics.nmiGeometric(truth, predicted)).isCloseTo(1 / Math.sqrt(1.5), within(1e-12));
    }

    @Test
    void twoSingleClusterLabelingsAreAPerfectMatch() {
        int[] ones = {3, 3, 3};
        int[] sevens = {7, 7, 7};

        assertThat(ClusteringMetrics.nmi(ones, sevens)).isEqualTo(1.0);
        assertThat(ClusteringMetrics.nmiGeometric(ones, sevens)).isEqualTo(1.0);
        assertThat(ClusteringMetrics.adjustedRandIndex(ones, sevens)).isEqualTo(1.0);
        assertThat(ClusteringMetrics.accuracy(ones, sevens)).isEqualTo(1.0);
    }

    @Test
    void aSingleClusterAgainstSeveralClassesCarriesNoInformation() {
        int[] truth = {0, 1, 2, 0, 1, 2};
        int[] predicted = {4, 4, 4, 4, 4, 4};

        assertThat(ClusteringMetrics.nmi(truth, predicted)).isZero();
        assertThat(ClusteringMetrics.adjustedRandIndex(truth, predicted)).isZero();
    }

    @Test
    void rejectsInvalidLabelings() {
        assertThatThrownBy(() -> ClusteringMetrics.nmi(new int[] {0, 1}, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different lengths");
        assertThatThrownBy(() -> ClusteringMetrics.accuracy(new int[0], new int[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> ClusteringMetrics.adjustedRandIndex(new int[] {0, -1}, new int[] {0, 1}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("non-negative");
        assertThatThrownBy(() -> ClusteringMetrics.nmiGeometric(null, new int[] {0}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void contingencyTableCountsEachClassClusterPair() {
        ContingencyTable table = ContingencyTable.of(new int[] {5, 5, 9, 9, 9}, new int[] {2, 0, 2, 2, 0});

        assertThat(table.classes()).containsExactly(5, 9);
        assertThat(table.clusters()).containsExactly(0, 2);
        assertThat(table.counts()).isDeepEqualTo(new int[][] {{1, 1}, {1, 2}});
        assertThat(table.classSizes()).containsExactly(2, 3);
        assertThat(table.clusterSizes()).containsExactly(2, 3);
        assertThat(table.total()).isEqualTo(5);
    }

    private static List<Fixture> readFixtures() {
        InputStream in = ClusteringMetricsTest.class.getResourceAsStream("metric_fixtures.csv");
        assertThat(in).as("metric_fixtures.csv on the test classpath").isNotNull();
        List<Fixture> fixtures = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            boolean header = true;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] fields = line.split(",", -1);
                fixtures.add(new Fixture(fields[0], labels(fields[1]), labels(fields[2]),
                        Double.parseDouble(fields[3]), Double.parseDouble(fields[4]),
                        Double.parseDouble(fields[5]), Double.parseDouble(fields[6])));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fixtures;
    }

    private static int[] labels(String field) {
        return Arrays.stream(field.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
    }

    @Test
    void changedLabelsCountsTheRowsWhoseIdDiffersWithoutMatchingIds() {
        assertThat(ClusteringMetrics.changedLabels(new int[] {0, 0, 1, 2}, new int[] {0, 1, 1, 0})).isEqualTo(2);
        // The same partition under other ids counts as every row changed: a method's own ids are meant.
        assertThat(ClusteringMetrics.changedLabels(new int[] {0, 0, 1}, new int[] {1, 1, 0})).isEqualTo(3);
        assertThatThrownBy(() -> ClusteringMetrics.changedLabels(new int[2], new int[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
