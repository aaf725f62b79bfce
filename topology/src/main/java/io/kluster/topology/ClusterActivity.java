package io.kluster.topology;

import io.kluster.cluster.ClusteringMetrics;
import io.kluster.cluster.ContingencyTable;
import io.kluster.cluster.LabelIndex;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What this instance's clusters have been doing lately: over a sliding window of the last
 * assignments, each cluster's size and mean confidence, its latest records, and, when records
 * carry labels, prequential ACC and NMI with a history for charts.
 *
 * <p>"Prequential" means every record was assigned by the model of its time before the score
 * saw its label, so the score is what a downstream consumer really got. Stream threads write
 * once per batch and readers (the metrics scrape, the live page) take consistent snapshots;
 * both are short, so one lock is enough.
 */
public final class ClusterActivity {

    /** Assignments the sliding window holds by default. */
    public static final int DEFAULT_WINDOW_RECORDS = 5_000;
    /** Latest records kept per cluster by default. */
    public static final int DEFAULT_RECENT_PER_CLUSTER = 8;
    /** Quality points kept for the chart; older ones are thinned out, not dropped. */
    static final int MAX_HISTORY_POINTS = 200;

    private final int window;
    private final int recentPerCluster;
    private final int qualityStep;

    private final int[] windowClusters;
    private final float[] windowConfidences;
    private int windowCount;
    private int windowNext;
    private final Map<Integer, ClusterTally> tallies = new HashMap<>();

    private final LabelIndex labels = new LabelIndex();
    private final int[] windowTruth;
    private final int[] windowPredicted;
    private int labelledCount;
    private int labelledNext;
    private long labelledTotal;
    private long labelledAtLastPoint;
    private List<QualityPoint> history = new ArrayList<>();
    private int historyStride = 1;
    private long pointsOffered;

    private long assignedTotal;
    private long modelVersion;
    private int[] modelClusterIds = new int[0];

    /**
     * @param windowRecords    assignments the sliding window holds (sizes, confidences and quality)
     * @param recentPerCluster latest records kept per cluster for display
     */
    public ClusterActivity(int windowRecords, int recentPerCluster) {
        if (windowRecords < 10) {
            throw new IllegalArgumentException("the activity window needs at least 10 records, got " + windowRecords);
        }
        if (recentPerCluster < 0) {
            throw new IllegalArgumentException("recent records per cluster must be >= 0, got " + recentPerCluster);
        }
        this.window = windowRecords;
        this.recentPerCluster = recentPerCluster;
        this.qualityStep = Math.max(10, windowRecords / 10);
        this.windowClusters = new int[windowRecords];
        this.windowConfidences = new float[windowRecords];
        this.windowTruth = new int[windowRecords];
        this.windowPredicted = new int[windowRecords];
    }

    /** An activity view with the default window and number of recent records. */
    public static ClusterActivity withDefaults() {
        return new ClusterActivity(DEFAULT_WINDOW_RECORDS, DEFAULT_RECENT_PER_CLUSTER);
    }

    /**
     * Records one assigned batch.
     *
     * @param version     the model version that assigned it
     * @param clusterIds  the public ids of that model's clusters
     * @param n           records in the batch
     * @param assigned    the public cluster id of each record
     * @param confidences each record's confidence
     * @param features    each record's features (kept, not copied, for the latest few)
     * @param truth       each record's label, or null entries when unlabelled
     */
    public synchronized void recordBatch(long version, int[] clusterIds, int n, int[] assigned, float[] confidences,
            float[][] features, String[] truth) {
        if (version != modelVersion) {
            modelVersion = version;
            modelClusterIds = clusterIds.clone();
        }
        for (int i = 0; i < n; i++) {
            slide(assigned[i], confidences[i], features[i]);
            if (truth[i] != null) {
                label(labels.indexOf(truth[i]), assigned[i]);
            }
        }
        assignedTotal += n;
    }

    private void slide(int cluster, float confidence, float[] features) {
        if (windowCount == window) {
            ClusterTally leaving = tallies.get(windowClusters[windowNext]);
            leaving.size--;
            leaving.confidenceSum -= windowConfidences[windowNext];
        } else {
            windowCount++;
        }
        windowClusters[windowNext] = cluster;
        windowConfidences[windowNext] = confidence;
        windowNext = (windowNext + 1) % window;
        ClusterTally tally = tallies.computeIfAbsent(cluster, id -> new ClusterTally());
        tally.size++;
        tally.confidenceSum += confidence;
        if (recentPerCluster > 0) {
            if (tally.recent.size() == recentPerCluster) {
                tally.recent.removeFirst();
            }
            tally.recent.addLast(features);
        }
    }

    private void label(int truth, int predicted) {
        windowTruth[labelledNext] = truth;
        windowPredicted[labelledNext] = predicted;
        labelledNext = (labelledNext + 1) % window;
        labelledCount = Math.min(labelledCount + 1, window);
        labelledTotal++;
        if (labelledTotal - labelledAtLastPoint >= qualityStep) {
            labelledAtLastPoint = labelledTotal;
            addPoint(score());
        }
    }

    private QualityPoint score() {
        int[] t = Arrays.copyOf(windowTruth, labelledCount);
        int[] p = Arrays.copyOf(windowPredicted, labelledCount);
        ContingencyTable table = ContingencyTable.of(t, p);
        return new QualityPoint(assignedTotal, labelledCount, ClusteringMetrics.accuracy(table),
                ClusteringMetrics.nmi(t, p));
    }

    /** Keeps the history bounded by keeping every other point whenever it fills up. */
    private void addPoint(QualityPoint point) {
        if (pointsOffered++ % historyStride != 0) {
            return;
        }
        history.add(point);
        if (history.size() >= MAX_HISTORY_POINTS) {
            List<QualityPoint> thinned = new ArrayList<>(MAX_HISTORY_POINTS / 2 + 1);
            for (int i = 0; i < history.size(); i += 2) {
                thinned.add(history.get(i));
            }
            history = thinned;
            historyStride *= 2;
        }
    }

    /** Assignments to {@code cluster} in the window. */
    public synchronized int windowSize(int cluster) {
        ClusterTally tally = tallies.get(cluster);
        return tally == null ? 0 : tally.size;
    }

    /** Prequential accuracy over the window's labelled records, as of the last quality point; NaN before one. */
    public synchronized double accuracy() {
        return history.isEmpty() ? Double.NaN : latest().accuracy();
    }

    /** Prequential NMI over the window's labelled records, as of the last quality point; NaN before one. */
    public synchronized double nmi() {
        return history.isEmpty() ? Double.NaN : latest().nmi();
    }

    private QualityPoint latest() {
        return history.get(history.size() - 1);
    }

    /** A consistent copy of the current activity, clusters in id order. */
    public synchronized Snapshot snapshot() {
        List<ClusterView> clusters = new ArrayList<>();
        int[] ids = modelClusterIds.clone();
        Arrays.sort(ids);
        for (int id : ids) {
            ClusterTally tally = tallies.get(id);
            if (tally == null) {
                clusters.add(new ClusterView(id, 0, Double.NaN, List.of()));
            } else {
                clusters.add(new ClusterView(id, tally.size,
                        tally.size == 0 ? Double.NaN : tally.confidenceSum / tally.size, List.copyOf(tally.recent)));
            }
        }
        QualityPoint now = labelledCount == 0 ? null : score();
        return new Snapshot(modelVersion, assignedTotal, windowCount, clusters, now, List.copyOf(history));
    }

    /** One cluster's share of the window. */
    private static final class ClusterTally {
        int size;
        double confidenceSum;
        final ArrayDeque<float[]> recent = new ArrayDeque<>();
    }

    /**
     * The activity at one moment.
     *
     * @param modelVersion   the version that assigned the latest batch (0 before any)
     * @param assigned       records assigned since this instance started
     * @param windowRecords  assignments in the window now
     * @param clusters       every cluster of the current model, in id order
     * @param quality        prequential quality over the window's labelled records, or null
     * @param qualityHistory earlier quality points, oldest first
     */
    public record Snapshot(long modelVersion, long assigned, int windowRecords, List<ClusterView> clusters,
            QualityPoint quality, List<QualityPoint> qualityHistory) {
    }

    /**
     * One cluster in the window.
     *
     * @param id             the public cluster id
     * @param size           assignments to it in the window
     * @param meanConfidence their mean confidence, NaN when there are none
     * @param recent         the features of its latest records, oldest first
     */
    public record ClusterView(int id, int size, double meanConfidence, List<float[]> recent) {
    }

    /**
     * Prequential quality over a window of labelled records.
     *
     * @param assigned  records assigned when it was measured
     * @param labelled  labelled records it covers
     * @param accuracy  ACC under the best one-to-one mapping of clusters to labels
     * @param nmi       normalised mutual information (arithmetic normalisation)
     */
    public record QualityPoint(long assigned, int labelled, double accuracy, double nmi) {
    }
}
