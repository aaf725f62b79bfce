package io.kluster.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The deep clustering objectives a {@link ModelTrainer} can fine-tune a pre-trained autoencoder with. */
public enum ClusteringMethod {
    /** Pre-trained autoencoder, then k-means on its embeddings; no fine-tuning, decoder kept. */
    AE_KMEANS("ae-kmeans"),
    /** Deep Embedded Clustering: encoder and centroids fine-tuned with KL(P‖Q); the bundle ships no decoder. */
    DEC("dec"),
    /** Improved DEC: the DEC loss plus the autoencoder's reconstruction loss, decoder kept. */
    IDEC("idec"),
    /** Deep Clustering Network: reconstruction plus a k-means loss, alternating with centroid updates; decoder kept. */
    DCN("dcn"),
    /** DeepCluster: each epoch's k-means pseudo-labels train the encoder through a classifier head, beside reconstruction. */
    DEEPCLUSTER("deepcluster"),
    /** Mixture of autoencoders, one per cluster, gated by a clustering network; ships the gate's encoder, no decoder. */
    DAMIC("damic"),
    /**
     * N2D's neighbourhood step: UMAP and a Gaussian mixture on the pre-trained embeddings, distilled into the
     * encoder and centroids; decoder kept.
     */
    N2D("n2d");

    private final String id;

    ClusteringMethod(String id) {
        this.id = id;
    }

    /** The id used in configuration and recorded in model bundles, e.g. {@code "dec"}. */
    public String id() {
        return id;
    }

    /** The method with the given id, ignoring case; an IllegalArgumentException lists the valid ids otherwise. */
    public static ClusteringMethod parse(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (ClusteringMethod method : values()) {
            if (method.id.equals(wanted)) {
                return method;
            }
        }
        throw new IllegalArgumentException("unknown clustering method '" + value + "', expected one of "
                + Arrays.stream(values()).map(ClusteringMethod::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
