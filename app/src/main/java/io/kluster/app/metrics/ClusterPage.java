package io.kluster.app.metrics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kluster.topology.ClusterActivity;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;

/**
 * The live page of the clusters: a static HTML page that polls {@link #json()} once a second and
 * draws each cluster's size, mean confidence and latest records, the model version, and the
 * prequential quality over time when records carry labels.
 */
public final class ClusterPage {

    /** Where the page is served. */
    public static final String PAGE_PATH = "/";
    /** Where the page polls the activity as JSON. */
    public static final String API_PATH = "/api/clusters";
    private static final String RESOURCE = "/io/kluster/app/metrics/clusters.html";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClusterActivity activity;
    private final ImageShape shape;
    private final byte[] html;

    /**
     * @param activity what the page shows
     * @param shape    how to draw records as images, or null to draw none
     */
    public ClusterPage(ClusterActivity activity, ImageShape shape) {
        this.activity = activity;
        this.shape = shape;
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
        List<ClusterCard> clusters = snapshot.clusters().stream().map(c -> new ClusterCard(c.id(), c.size(),
                finiteOrNull(c.meanConfidence()),
                shape == null ? List.of() : c.recent().stream().map(this::encode).toList())).toList();
        ClusterActivity.QualityPoint q = snapshot.quality();
        return new PageView(snapshot.modelVersion(), snapshot.assigned(), snapshot.windowRecords(), shape, clusters,
                q == null ? null : Quality.of(q),
                snapshot.qualityHistory().stream().map(Quality::of).toList());
    }

    private String encode(float[] features) {
        return Base64.getEncoder().encodeToString(shape.grayLevels(features));
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    /** The JSON the page polls. */
    record PageView(long modelVersion, long assigned, int windowRecords, ImageShape image, List<ClusterCard> clusters,
            Quality quality, List<Quality> history) {
    }

    /** One cluster: its latest records as base64 gray levels, row-major. */
    record ClusterCard(int id, int size, Double meanConfidence, List<String> images) {
    }

    /** Prequential quality at one moment. */
    record Quality(long assigned, int labelled, Double accuracy, Double nmi) {
        static Quality of(ClusterActivity.QualityPoint p) {
            return new Quality(p.assigned(), p.labelled(), finiteOrNull(p.accuracy()), finiteOrNull(p.nmi()));
        }
    }
}
