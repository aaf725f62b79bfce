package io.kluster.topology;

import io.kluster.fields.FieldSchema;
import io.kluster.fields.FieldValues;

/**
 * One assigned micro-batch as the activity view takes it; arrays are shared, not copied, and hold
 * at least {@code n} entries.
 *
 * @param version the model version that assigned it
 * @param clusterIds the public ids of that model's clusters, by centroid index
 * @param centroids that model's centroids, by centroid index
 * @param n records in the batch
 * @param assigned the public cluster id of each record
 * @param confidences each record's confidence
 * @param features each record's features as the encoder read them
 * @param truth each record's label, or null entries when unlabelled
 * @param events each record's named fields, or null for vector input
 * @param schema the schema that encoded the events, or null for vector input
 * @param embeddings the records' embeddings, row-major, as clustering sees them
 */
public record AssignedBatch(long version, int[] clusterIds, float[][] centroids, int n, int[] assigned,
        float[] confidences, float[][] features, String[] truth, FieldValues[] events, FieldSchema schema,
        float[] embeddings) {

    /** Validates the lengths. */
    public AssignedBatch {
        if (assigned.length < n || confidences.length < n || features.length < n || truth.length < n
                || (events != null && events.length < n) || clusterIds.length != centroids.length
                || (embeddings != null && n > 0 && embeddings.length % n != 0)) {
            throw new IllegalArgumentException("the parts of an assigned batch differ in length");
        }
        if ((events == null) != (schema == null)) {
            throw new IllegalArgumentException("events come with the schema that encoded them");
        }
    }

    /** The embedding dimension, 0 without embeddings. */
    public int embeddingDimension() {
        return embeddings == null || n == 0 ? 0 : embeddings.length / n;
    }
}
