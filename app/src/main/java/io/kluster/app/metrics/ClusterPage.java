package io.kluster.app.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kluster.cluster.ClusterEvent;
import io.kluster.model.ModelBundle;
import io.kluster.topology.ClusterActivity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import io.kluster.fields.ClusterProfile;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The live page of the clusters: a static HTML page that polls {@link #json()} once a second and
 * draws each cluster's size, mean confidence and latest records, the model version and its k (and
 * how k was chosen), the latest changes to the set of clusters, and the prequential quality over
 * time when records carry labels.
 */
public final class ClusterPage {

    /** Where the page is served. */
    public static final String PAGE_PATH = "/";
    /** Where the page polls the activity as JSON. */
    public static final String API_PATH = "/api/clusters";
    private static final String RESOURCE = "/io/kluster/app/metrics/clusters.html";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The most recent cluster changes the page lists. */
    static final int EVENTS_SHOWN = 12;

    private final ClusterActivity activity;
    private final ImageShape shape;
    private final Supplier<ModelBundle> currentModel;
    private final byte[] html;

    /**
     * @param activity     what the page shows
     * @param shape        how to draw records as images, or null to draw none
     * @param currentModel the model assigning now, or null before the first; its k and lineage are shown
     */
    public ClusterPage(ClusterActivity activity, ImageShape shape, Supplier<ModelBundle> currentModel) {
        this.activity = activity;
        this.shape = shape;
        this.currentModel = currentModel;
        try (InputStream in = ClusterPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the live page " + RESOURCE + " is missing from the jar");
            }
            this.html = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page itself. */
    public byte[] html() {
        return html.clone();
    }

    /** The current activity as the page reads it. */
    public byte[] json() {
        try {
            return JSON.writeValueAsBytes(view(activity.snapshot()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the activity as JSON: " + e.getMessage(), e);
        }
    }

    private PageView view(ClusterActivity.Snapshot snapshot) {
        Map<Integer, ClusterProfile> profiles = new HashMap<>();
        snapshot.profiles().forEach(p -> profiles.put(p.cluster(), p));
        Set<String> fields = new LinkedHashSet<>();
        List<ClusterCard> clusters = snapshot.clusters().stream().map(c -> {
            ClusterProfile profile = profiles.get(c.id());
            c.recentEvents().forEach(e -> fields.addAll(e.values().keySet()));
            return new ClusterCard(c.id(), c.size(), finiteOrNull(c.meanConfidence()),
                    shape == null ? List.of() : c.recent().stream().map(this::encode).toList(),
                    profile == null ? null : profile.description(),
                    profile == null ? List.of() : profile.contrasts().stream().map(Contrast::of).toList(),
                    c.recentEvents().stream().map(e -> e.values()).toList());
        }).toList();
        ClusterActivity.QualityPoint q = snapshot.quality();
        ClusterActivity.ClusterMap map = snapshot.map();
        ModelBundle model = currentModel.get();
        List<ClusterEvent> history = model == null ? List.of() : model.lineage().history();
        List<EventView> events = new ArrayList<>();
        for (int i = history.size() - 1; i >= 0 && events.size() < EVENTS_SHOWN; i--) {
            events.add(EventView.of(history.get(i)));
        }
        String kChoice = model == null || model.hyperParameters().get("k_selection") == null ? null
                : model.hyperParameters().get("k_selection") + " in " + model.hyperParameters().get("k_range");
        return new PageView(snapshot.modelVersion(), model == null ? null : model.k(), kChoice, events,
                snapshot.assigned(), snapshot.windowRecords(), shape, clusters,
                q == null ? null : Quality.of(q),
                snapshot.qualityHistory().stream().map(Quality::of).toList(), List.copyOf(fields),
                new MapView(map.points().stream().map(ClusterPage::point).toList(),
                        map.centroids().stream().map(ClusterPage::point).toList()));
    }

    private static double[] point(ClusterActivity.ClusterMap.Point p) {
        return new double[] {round(p.x()), round(p.y()), p.cluster()};
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private String encode(float[] features) {
        return Base64.getEncoder().encodeToString(shape.grayLevels(features));
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /**
     * The JSON the page polls; {@code fields} names the columns of the clusters' recent records;
     * {@code kChoice} says how k was chosen (null for a fixed k); {@code clusterEvents} are the
     * latest changes to the set of clusters, newest first.
     */
    record PageView(long modelVersion, Integer k, String kChoice, List<EventView> clusterEvents, long assigned,
            int windowRecords, ImageShape image, List<ClusterCard> clusters, Quality quality, List<Quality> history,
            List<String> fields, MapView map) {
    }

    /** One change to the set of clusters, as on the cluster events topic. */
    record EventView(long version, String event, int[] ids, long[] sizes) {
        static EventView of(ClusterEvent e) {
            return new EventView(e.version(), e.kind().id(), e.ids(), e.sizes());
        }
    }

    /**
     * One cluster: its latest records as base64 gray levels, row-major, for images; its description,
     * profile and latest records' fields for named-field events.
     */
    record ClusterCard(int id, int size, Double meanConfidence, List<String> images, String description,
            List<Contrast> profile, List<Map<String, Object>> records) {
    }

    /** One line of a cluster's profile. */
    record Contrast(String field, String type, String value, double inCluster, double overall, double strength,
            String phrase) {
        static Contrast of(ClusterProfile.Contrast c) {
            return new Contrast(c.field(), c.type().id(), c.value(), round(c.inCluster()), round(c.overall()),
                    round(c.strength()), c.phrase());
        }
    }

    /** The 2-D map: each point as [x, y, cluster id]. */
    record MapView(List<double[]> points, List<double[]> centroids) {
    }

    /** Prequential quality at one moment. */
    record Quality(long assigned, int labelled, Double accuracy, Double nmi) {
        static Quality of(ClusterActivity.QualityPoint p) {
            return new Quality(p.assigned(), p.labelled(), finiteOrNull(p.accuracy()), finiteOrNull(p.nmi()));
        }
    }
}
