package io.kluster.topology;

import io.kluster.cluster.ClusteringMetrics;
import io.kluster.cluster.ContingencyTable;
import io.kluster.cluster.LabelIndex;
import io.kluster.cluster.PrincipalComponents;
import io.kluster.fields.ClusterProfile;
import io.kluster.fields.ClusterProfiler;
import io.kluster.fields.FieldSchema;
import io.kluster.fields.FieldValues;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What this instance's clusters have been doing lately: over a sliding window of the last
 * assignments, each cluster's size and mean confidence, its latest records, and, when records
 * carry labels, prequential ACC and NMI with a history for charts. For named-field events it
 * also profiles every cluster over the window ({@link ClusterProfiler}); for any input it keeps
 * the latest records' embeddings for a 2-D map.
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
    /** Latest embeddings kept for the map. */
    public static final int MAP_POINTS = 600;
    /** Embeddings wider than this are not mapped: projecting them would cost the page's reader too much. */
    static final int MAP_MAX_DIMENSION = 256;
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
    private float[][] modelCentroids = new float[0][];

    /** The window's events, aligned with {@link #windowClusters}; allocated with the first event. */
    private FieldValues[] windowEvents;
    private FieldSchema schema;
    private final float[][] mapEmbeddings = new float[MAP_POINTS][];
    private final int[] mapClusters = new int[MAP_POINTS];
    private int mapCount;
    private int mapNext;

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

    /** Records one assigned batch; its features and events are kept, not copied, for the latest few. */
    public synchronized void recordBatch(AssignedBatch batch) {
        if (batch.version() != modelVersion) {
            modelVersion = batch.version();
            modelClusterIds = batch.clusterIds().clone();
            modelCentroids = batch.centroids();
        }
        if (batch.events() != null) {
            schema = batch.schema();
            if (windowEvents == null) {
                windowEvents = new FieldValues[window];
            }
        }
        int e = batch.embeddingDimension();
        for (int i = 0; i < batch.n(); i++) {
            if (windowEvents != null) {
                windowEvents[windowNext] = batch.events() == null ? null : batch.events()[i];
            }
            slide(batch.assigned()[i], batch.confidences()[i], batch.features()[i],
                    batch.events() == null ? null : batch.events()[i]);
            if (batch.truth()[i] != null) {
                label(labels.indexOf(batch.truth()[i]), batch.assigned()[i]);
            }
            // Only the batch's last MAP_POINTS rows can stay in the map: copy no more than those.
            if (e > 0 && e <= MAP_MAX_DIMENSION && i >= batch.n() - MAP_POINTS) {
                mapEmbeddings[mapNext] = Arrays.copyOfRange(batch.embeddings(), i * e, (i + 1) * e);
                mapClusters[mapNext] = batch.assigned()[i];
                mapNext = (mapNext + 1) % MAP_POINTS;
                mapCount = Math.min(mapCount + 1, MAP_POINTS);
            }
        }
        assignedTotal += batch.n();
    }

    private void slide(int cluster, float confidence, float[] features, FieldValues event) {
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
            if (event != null) {
                if (tally.recentEvents.size() == recentPerCluster) {
                    tally.recentEvents.removeFirst();
                }
                tally.recentEvents.addLast(event);
            }
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

    /**
     * A consistent copy of the current activity, clusters in id order. The profiles and the map are
     * computed from copies after the lock is released, so a reader never holds up a stream thread.
     */
    public Snapshot snapshot() {
        List<ClusterView> clusters = new ArrayList<>();
        QualityPoint now;
        List<QualityPoint> points;
        long version;
        long assigned;
        int count;
        FieldSchema profiledSchema;
        List<FieldValues> events = new ArrayList<>();
        int[] eventClusters;
        float[][] mapped;
        int[] mappedClusters;
        float[][] centroids;
        int[] centroidIds;
        int newestWidth;
        synchronized (this) {
            int[] ids = modelClusterIds.clone();
            Arrays.sort(ids);
            for (int id : ids) {
                ClusterTally tally = tallies.get(id);
                if (tally == null) {
                    clusters.add(new ClusterView(id, 0, Double.NaN, List.of(), List.of()));
                } else {
                    clusters.add(new ClusterView(id, tally.size,
                            tally.size == 0 ? Double.NaN : tally.confidenceSum / tally.size, List.copyOf(tally.recent),
                            List.copyOf(tally.recentEvents)));
                }
            }
            now = labelledCount == 0 ? null : score();
            points = List.copyOf(history);
            version = modelVersion;
            assigned = assignedTotal;
            count = windowCount;
            profiledSchema = schema;
            eventClusters = new int[windowEvents == null ? 0 : windowCount];
            int m = 0;
            for (int i = 0; windowEvents != null && i < windowCount; i++) {
                if (windowEvents[i] != null) {
                    events.add(windowEvents[i]);
                    eventClusters[m++] = windowClusters[i];
                }
            }
            eventClusters = Arrays.copyOf(eventClusters, m);
            mapped = Arrays.copyOf(mapEmbeddings, mapCount);
            newestWidth = mapCount == 0 ? 0 : mapEmbeddings[(mapNext - 1 + MAP_POINTS) % MAP_POINTS].length;
            mappedClusters = Arrays.copyOf(mapClusters, mapCount);
            centroids = modelCentroids;
            centroidIds = modelClusterIds.clone();
        }
        List<ClusterProfile> profiles = profiledSchema == null || events.isEmpty() ? List.of()
                : ClusterProfiler.profile(profiledSchema, events, eventClusters);
        return new Snapshot(version, assigned, count, clusters, now, points, profiles,
                map(mapped, mappedClusters, newestWidth, centroids, centroidIds));
    }

    /** The embeddings and centroids on the plane of the embeddings' two leading components. */
    private static ClusterMap map(float[][] embeddings, int[] clusters, int d, float[][] centroids, int[] centroidIds) {
        if (embeddings.length < 3) {
            return ClusterMap.EMPTY;
        }
        // After a retrain to another embedding width the ring holds both; the newest width (d) is the map's.
        float[][] points = new float[embeddings.length][];
        int[] pointClusters = new int[embeddings.length];
        int m = 0;
        for (int i = 0; i < embeddings.length; i++) {
            if (embeddings[i].length == d) {
                points[m] = embeddings[i];
                pointClusters[m++] = clusters[i];
            }
        }
        if (m < 3 || d < 2) {
            return ClusterMap.EMPTY;
        }
        PrincipalComponents pca = PrincipalComponents.fit(Arrays.copyOf(points, m), 2, 7L);
        List<ClusterMap.Point> mapped = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            double[] xy = pca.project(points[i]);
            mapped.add(new ClusterMap.Point(xy[0], xy[1], pointClusters[i]));
        }
        List<ClusterMap.Point> centres = new ArrayList<>();
        for (int j = 0; j < centroids.length; j++) {
            if (centroids[j].length == d) {
                double[] xy = pca.project(centroids[j]);
                centres.add(new ClusterMap.Point(xy[0], xy[1], centroidIds[j]));
            }
        }
        return new ClusterMap(mapped, centres);
    }

    /** One cluster's share of the window. */
    private static final class ClusterTally {
        int size;
        double confidenceSum;
        final ArrayDeque<float[]> recent = new ArrayDeque<>();
        final ArrayDeque<FieldValues> recentEvents = new ArrayDeque<>();
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
     * @param profiles       each cluster's profile over the window's events, by id; empty for vectors
     * @param map            the latest records and the centroids on a plane
     */
    public record Snapshot(long modelVersion, long assigned, int windowRecords, List<ClusterView> clusters,
            QualityPoint quality, List<QualityPoint> qualityHistory, List<ClusterProfile> profiles, ClusterMap map) {
    }

    /**
     * The latest records' embeddings and the centroids projected on their two leading principal
     * components, each point tagged with its public cluster id.
     *
     * @param points the records, oldest first
     * @param centroids the current model's centroids
     */
    public record ClusterMap(List<Point> points, List<Point> centroids) {

        /** No map: too few records yet. */
        public static final ClusterMap EMPTY = new ClusterMap(List.of(), List.of());

        /** Copies the lists. */
        public ClusterMap {
            points = List.copyOf(points);
            centroids = List.copyOf(centroids);
        }

        /**
         * One point of the map.
         *
         * @param x along the first component
         * @param y along the second component
         * @param cluster the public cluster id
         */
        public record Point(double x, double y, int cluster) {
        }
    }

    /**
     * One cluster in the window.
     *
     * @param id             the public cluster id
     * @param size           assignments to it in the window
     * @param meanConfidence their mean confidence, NaN when there are none
     * @param recent         the features of its latest records, oldest first (kept only when the page draws them)
     * @param recentEvents   the fields of its latest events, oldest first; empty for vector input
     */
    public record ClusterView(int id, int size, double meanConfidence, List<float[]> recent,
            List<FieldValues> recentEvents) {
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
