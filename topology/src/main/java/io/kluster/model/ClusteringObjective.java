package io.kluster.model;

import io.kluster.cluster.KMeansResult;
import java.util.Map;

/** A clustering phase: fine-tunes a pre-trained autoencoder starting from k-means on its embeddings. */
interface ClusteringObjective {

    /** What a clustering phase leaves: the weights to ship, the centroids and diagnostics for the bundle's record. */
    record Result(byte[] encoderParameters, byte[] decoderParameters, float[][] centroids, Map<String, String> diagnostics) {
    }

    /**
     * Trains {@code ae} (weights changed in place) on the scaled rows, starting from {@code initial},
     * and returns centroids consistent with the method's own final assignment.
     */
    Result fit(Autoencoder ae, float[][] scaledRows, KMeansResult initial, TrainingListener listener);
}
