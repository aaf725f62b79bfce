package io.kluster.model;

import io.kluster.cluster.ClusterLineage;
import io.kluster.fields.FieldSchema;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything an instance needs to assign records: a versioned encoder, its input scaler, the
 * centroids in embedding space and the public id of each centroid.
 *
 * <p>{@code clusterIds[j]} is the id that records nearest to centroid {@code j} are published
 * under, so a retrained model can keep the ids downstream consumers already know.
 *
 * @param version monotonically increasing model version, named in every assignment
 * @param method the objective that trained the encoder, e.g. {@code ae-kmeans}
 * @param encoder the encoder's architecture
 * @param scaler the input scaling applied before the encoder
 * @param encoderParameters the encoder's weights in DJL's parameter format
 * @param decoderParameters the decoder's weights, or null when the method keeps none
 * @param centroids k centroids of the embedding dimension
 * @param alpha the Student's t degrees of freedom
 * @param clusterIds the public id of each centroid
 * @param hyperParameters the settings that produced the model, for the record
 * @param createdAtMillis when the model was made, in epoch milliseconds
 * @param schema how named-field events become the encoder's input, or null for vector input
 * @param lineage where the cluster ids came from, and the next id never used
 */
public record ModelBundle(
        long version,
        String method,
        EncoderSpec encoder,
        FeatureScaler scaler,
        byte[] encoderParameters,
        byte[] decoderParameters,
        float[][] centroids,
        double alpha,
        int[] clusterIds,
        Map<String, String> hyperParameters,
        long createdAtMillis,
        FieldSchema schema,
        ClusterLineage lineage) {

    /** Validates that the parts fit together. */
    public ModelBundle {
        if (version < 1) {
            throw new IllegalArgumentException("model version must be >= 1, got " + version);
        }
        if (scaler.dimension() != encoder.inputDimension()) {
            throw new IllegalArgumentException("scaler dimension " + scaler.dimension()
                    + " differs from the encoder's input dimension " + encoder.inputDimension());
        }
        if (centroids.length < 1) {
            throw new IllegalArgumentException("a model needs at least one centroid");
        }
        for (float[] c : centroids) {
            if (c.length != encoder.embeddingDimension()) {
                throw new IllegalArgumentException("centroid dimension " + c.length
                        + " differs from the embedding dimension " + encoder.embeddingDimension());
            }
            for (float v : c) {
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("centroids must be finite");
                }
            }
        }
        if (!(alpha > 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha must be positive, got " + alpha);
        }
        if (clusterIds.length != centroids.length) {
            throw new IllegalArgumentException("one cluster id per centroid is required");
        }
        if (Arrays.stream(clusterIds).distinct().count() != clusterIds.length
                || Arrays.stream(clusterIds).anyMatch(id -> id < 0)) {
            throw new IllegalArgumentException("cluster ids must be distinct and non-negative: " + Arrays.toString(clusterIds));
        }
        if (schema != null && schema.width() != encoder.inputDimension()) {
            throw new IllegalArgumentException("the field schema encodes " + schema.width()
                    + " features, the encoder takes " + encoder.inputDimension());
        }
        hyperParameters = Map.copyOf(new TreeMap<>(hyperParameters));
        if (lineage == null) {
            lineage = ClusterLineage.of(clusterIds);
        }
        int nextId = lineage.nextId();
        if (Arrays.stream(clusterIds).anyMatch(id -> id >= nextId)) {
            throw new IllegalArgumentException("the lineage's next id " + nextId + " is already in use: "
                    + Arrays.toString(clusterIds));
        }
    }

    /** A model whose ids have no recorded past. */
    public ModelBundle(long version, String method, EncoderSpec encoder, FeatureScaler scaler, byte[] encoderParameters,
            byte[] decoderParameters, float[][] centroids, double alpha, int[] clusterIds,
            Map<String, String> hyperParameters, long createdAtMillis, FieldSchema schema) {
        this(version, method, encoder, scaler, encoderParameters, decoderParameters, centroids, alpha, clusterIds,
                hyperParameters, createdAtMillis, schema, null);
    }

    /** A model of vector input, without a field schema. */
    public ModelBundle(long version, String method, EncoderSpec encoder, FeatureScaler scaler, byte[] encoderParameters,
            byte[] decoderParameters, float[][] centroids, double alpha, int[] clusterIds,
            Map<String, String> hyperParameters, long createdAtMillis) {
        this(version, method, encoder, scaler, encoderParameters, decoderParameters, centroids, alpha, clusterIds,
                hyperParameters, createdAtMillis, null);
    }

    /** The number of clusters. */
    public int k() {
        return centroids.length;
    }

    /** The input dimension records must have. */
    public int inputDimension() {
        return encoder.inputDimension();
    }

    /** The identity id map 0..k-1. */
    public static int[] identityIds(int k) {
        int[] ids = new int[k];
        for (int i = 0; i < k; i++) {
            ids[i] = i;
        }
        return ids;
    }

    /** A copy with another version; the changes this version made are re-stamped as the new one's. */
    public ModelBundle withVersion(long newVersion) {
        return new ModelBundle(newVersion, method, encoder, scaler, encoderParameters, decoderParameters,
                centroids, alpha, clusterIds, hyperParameters, createdAtMillis, schema,
                lineage.restamped(version, newVersion));
    }

    /** A copy that encodes named-field events with {@code newSchema} (of the encoder's input width). */
    public ModelBundle withSchema(FieldSchema newSchema) {
        return new ModelBundle(version, method, encoder, scaler, encoderParameters, decoderParameters,
                centroids, alpha, clusterIds, hyperParameters, createdAtMillis, newSchema, lineage);
    }

    /** A copy with other centroids and ids (same encoder), and the lineage that explains the ids. */
    public ModelBundle withCentroids(long newVersion, float[][] newCentroids, int[] newIds, ClusterLineage newLineage) {
        return new ModelBundle(newVersion, method, encoder, scaler, encoderParameters, decoderParameters,
                newCentroids, alpha, newIds, hyperParameters, System.currentTimeMillis(), schema, newLineage);
    }

    /** A copy with another lineage. */
    public ModelBundle withLineage(ClusterLineage newLineage) {
        return new ModelBundle(version, method, encoder, scaler, encoderParameters, decoderParameters,
                centroids, alpha, clusterIds, hyperParameters, createdAtMillis, schema, newLineage);
    }

    /** Equal when every field is, weights, centroids and ids by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ModelBundle other && version == other.version && method.equals(other.method)
                && encoder.equals(other.encoder) && scaler.equals(other.scaler)
                && Arrays.equals(encoderParameters, other.encoderParameters)
                && Arrays.equals(decoderParameters, other.decoderParameters)
                && Arrays.deepEquals(centroids, other.centroids) && Double.compare(alpha, other.alpha) == 0
                && Arrays.equals(clusterIds, other.clusterIds) && hyperParameters.equals(other.hyperParameters)
                && createdAtMillis == other.createdAtMillis && Objects.equals(schema, other.schema)
                && lineage.equals(other.lineage);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, method, encoder, scaler, Arrays.hashCode(encoderParameters),
                Arrays.hashCode(decoderParameters), Arrays.deepHashCode(centroids), alpha, Arrays.hashCode(clusterIds),
                hyperParameters, createdAtMillis, schema, lineage);
    }

    /** The identity and shape of the model; the weights are left out. */
    @Override
    public String toString() {
        return "ModelBundle[v" + version + ", " + method + ", " + encoder + ", k=" + centroids.length + ", ids="
                + Arrays.toString(clusterIds)
                + (schema == null ? "" : ", fields=" + schema.names()) + "]";
    }
}
