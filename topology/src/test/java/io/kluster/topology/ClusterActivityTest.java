package io.kluster.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.kluster.cluster.ClusteringMetrics;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClusterActivityTest {

    private static final int[] IDS = {0, 1, 2};

    /** Feeds single-record batches so each step is explicit. */
    private static void assign(ClusterActivity activity, long version, int cluster, float confidence, float[] features,
            String label) {
        activity.recordBatch(version, IDS, 1, new int[] {cluster}, new float[] {confidence}, new float[][] {features},
                new String[] {label});
    }

    @Test
    void sizesAndConfidencesCoverOnlyTheSlidingWindow() {
        ClusterActivity activity = new ClusterActivity(10, 2);
        for (int i = 0; i < 10; i++) {
            assign(activity, 1, 0, 0.5f, new float[] {i}, null);
        }
        for (int i = 0; i < 4; i++) {
            assign(activity, 1, 2, 0.9f, new float[] {100 + i}, null);
        }

        ClusterActivity.Snapshot snapshot = activity.snapshot();
        assertThat(snapshot.windowRecords()).isEqualTo(10);
        assertThat(snapshot.assigned()).isEqualTo(14);
        assertThat(snapshot.clusters()).extracting(ClusterActivity.ClusterView::id).containsExactly(0, 1, 2);
        assertThat(snapshot.clusters()).extracting(ClusterActivity.ClusterView::size).containsExactly(6, 0, 4);
        assertThat(activity.windowSize(0)).isEqualTo(6);
        assertThat(snapshot.clusters().get(0).meanConfidence()).isCloseTo(0.5, within(1e-6));
        assertThat(snapshot.clusters().get(2).meanConfidence()).isCloseTo(0.9, within(1e-6));
        assertThat(snapshot.clusters().get(1).meanConfidence()).isNaN();
    }

    @Test
    void keepsTheLatestRecordsOfEachClusterOldestFirst() {
        ClusterActivity activity = new ClusterActivity(10, 2);
        for (int i = 0; i < 5; i++) {
            assign(activity, 1, 1, 0.5f, new float[] {i}, null);
        }

        assertThat(activity.snapshot().clusters().get(1).recent())
                .extracting(f -> f[0]).containsExactly(3f, 4f);
    }

    @Test
    void listsTheClustersOfTheLatestModelVersion() {
        ClusterActivity activity = new ClusterActivity(10, 1);
        assign(activity, 1, 0, 0.5f, new float[] {0}, null);
        activity.recordBatch(2, new int[] {4, 0}, 1, new int[] {4}, new float[] {0.7f}, new float[][] {{1}},
                new String[] {null});

        ClusterActivity.Snapshot snapshot = activity.snapshot();
        assertThat(snapshot.modelVersion()).isEqualTo(2);
        assertThat(snapshot.clusters()).extracting(ClusterActivity.ClusterView::id).containsExactly(0, 4);
    }

    @Test
    void scoresPrequentialQualityOverTheWindowOfLabelledRecords() {
        int window = 100;
        ClusterActivity activity = new ClusterActivity(window, 0);
        Random random = new Random(7);
        String[] names = {"shirt", "bag", "boot"};
        int[] truth = new int[window];
        int[] predicted = new int[window];
        for (int i = 0; i < 3 * window; i++) {
            int label = random.nextInt(3);
            // Cluster = label shifted by one, with 20% noise: ACC must see through the renaming.
            int cluster = random.nextDouble() < 0.8 ? (label + 1) % 3 : random.nextInt(3);
            assign(activity, 1, cluster, 0.5f, new float[] {0}, names[label]);
            truth[i % window] = label;
            predicted[i % window] = cluster;
        }

        assertThat(activity.accuracy()).isCloseTo(ClusteringMetrics.accuracy(truth, predicted), within(1e-12));
        assertThat(activity.nmi()).isCloseTo(ClusteringMetrics.nmi(truth, predicted), within(1e-12));
        assertThat(activity.accuracy()).isGreaterThan(0.7);
        ClusterActivity.Snapshot snapshot = activity.snapshot();
        assertThat(snapshot.quality().labelled()).isEqualTo(window);
        assertThat(snapshot.qualityHistory()).hasSize(3 * window / (window / 10));
        assertThat(snapshot.qualityHistory()).extracting(ClusterActivity.QualityPoint::assigned).isSorted();
    }

    @Test
    void unlabelledStreamsHaveNoQuality() {
        ClusterActivity activity = new ClusterActivity(10, 0);
        for (int i = 0; i < 50; i++) {
            assign(activity, 1, i % 3, 0.5f, new float[] {0}, null);
        }

        assertThat(activity.accuracy()).isNaN();
        assertThat(activity.snapshot().quality()).isNull();
        assertThat(activity.snapshot().qualityHistory()).isEmpty();
    }

    @Test
    void thinsTheQualityHistoryInsteadOfGrowingWithoutBound() {
        ClusterActivity activity = new ClusterActivity(10, 0);
        for (int i = 0; i < 10_000; i++) {
            assign(activity, 1, i % 3, 0.5f, new float[] {0}, Integer.toString(i % 3));
        }

        var history = activity.snapshot().qualityHistory();
        assertThat(history).hasSizeLessThan(ClusterActivity.MAX_HISTORY_POINTS).hasSizeGreaterThan(
                ClusterActivity.MAX_HISTORY_POINTS / 4);
        assertThat(history.get(0).assigned()).isLessThan(100);
        assertThat(history.get(history.size() - 1).assigned()).isGreaterThan(9_000);
        long[] gaps = new long[history.size() - 1];
        for (int i = 1; i < history.size(); i++) {
            gaps[i - 1] = history.get(i).assigned() - history.get(i - 1).assigned();
        }
        assertThat(Arrays.stream(gaps).min().getAsLong()).isPositive();
    }

    @Test
    void rejectsAWindowTooSmallToScore() {
        assertThatThrownBy(() -> new ClusterActivity(5, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 10");
    }
}
