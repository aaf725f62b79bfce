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
        activity.recordBatch(new AssignedBatch(version, IDS, new float[IDS.length][1], 1, new int[] {cluster},
                new float[] {confidence}, new float[][] {features}, new String[] {label}, null, null, null));
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
        activity.recordBatch(new AssignedBatch(2, new int[] {4, 0}, new float[2][1], 1, new int[] {4},
                new float[] {0.7f}, new float[][] {{1}}, new String[] {null}, null, null, null));

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

    @Test
    void eventsAreProfiledOverTheWindowAndEachClusterKeepsItsLatestEvents() {
        ClusterActivity activity = new ClusterActivity(100, 3);
        java.util.List<io.kluster.fields.FieldValues> events = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(new io.kluster.fields.FieldValues(java.util.Map.of("amount", i % 2 == 0 ? 10.0 + i % 3 : 500.0 + i % 3,
                    "country", i % 2 == 0 ? "DE" : "JP")));
        }
        io.kluster.fields.FieldSchema schema = io.kluster.fields.FieldSchema.fit(events,
                io.kluster.fields.FieldsSettings.DEFAULTS);
        float[][] rows = schema.encodeAll(events);
        int[] assigned = new int[40];
        for (int i = 0; i < 40; i++) {
            assigned[i] = i % 2 == 0 ? 0 : 2;
        }
        float[] embeddings = new float[40 * schema.width()];
        for (int i = 0; i < 40; i++) {
            System.arraycopy(rows[i], 0, embeddings, i * schema.width(), schema.width());
        }

        activity.recordBatch(new AssignedBatch(1, IDS, new float[][] {rows[0], rows[2], rows[1]}, 40, assigned,
                new float[40], rows, new String[40], events.toArray(io.kluster.fields.FieldValues[]::new), schema,
                embeddings));
        ClusterActivity.Snapshot snapshot = activity.snapshot();

        assertThat(snapshot.profiles()).extracting(io.kluster.fields.ClusterProfile::cluster).containsExactly(0, 2);
        assertThat(snapshot.profiles().get(1).description()).contains("country=JP");
        assertThat(snapshot.clusters().get(2).recentEvents()).hasSize(3).last().isEqualTo(events.get(39));
        assertThat(snapshot.clusters().get(1).recentEvents()).isEmpty();
        assertThat(snapshot.map().points()).hasSize(40);
        assertThat(snapshot.map().centroids()).extracting(ClusterActivity.ClusterMap.Point::cluster).containsExactly(0, 1, 2);
        // The two groups lie apart along the first component, whichever its sign.
        double gap = Math.abs(snapshot.map().points().get(0).x() - snapshot.map().points().get(1).x());
        assertThat(gap).isGreaterThan(1.0);
    }

    @Test
    void vectorInputHasNoProfilesAndAMapOnceThreeRecordsAreIn() {
        ClusterActivity activity = new ClusterActivity(10, 0);
        assign(activity, 1, 0, 0.5f, new float[] {1}, null);
        assertThat(activity.snapshot().map()).isEqualTo(ClusterActivity.ClusterMap.EMPTY);

        activity.recordBatch(new AssignedBatch(1, IDS, new float[][] {{0, 0}, {1, 1}, {2, 2}}, 3, new int[] {0, 1, 2},
                new float[3], new float[3][2], new String[3], null, null, new float[] {0, 0, 1, 1, 2, 2.5f}));

        assertThat(activity.snapshot().profiles()).isEmpty();
        assertThat(activity.snapshot().map().points()).extracting(ClusterActivity.ClusterMap.Point::cluster)
                .containsExactly(0, 1, 2);
    }
}
