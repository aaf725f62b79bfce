package io.kluster.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A new model version that moves only the centroids of an existing one: the small, frequent kind
 * of model update (a full bundle carries encoder weights and travels only after a retrain).
 *
 * @param version the model version this update creates
 * @param baseVersion the version of the full bundle whose encoder the centroids belong to
 * @param centroids the new centroids, in the base bundle's embedding space
 * @param clusterIds the public id of each centroid
 */
public record CentroidUpdate(long version, long baseVersion, float[][] centroids, int[] clusterIds) {

    private static final byte[] MAGIC = "KLCU".getBytes(StandardCharsets.US_ASCII);

    /** Validates the shape. */
    public CentroidUpdate {
        if (version <= baseVersion || baseVersion < 1) {
            throw new IllegalArgumentException("a centroid update must be newer than its base, got v" + version
                    + " on v" + baseVersion);
        }
        if (centroids.length == 0 || centroids.length != clusterIds.length) {
            throw new IllegalArgumentException("one cluster id per centroid is required");
        }
    }

    /** The update as bytes: magic, versions, k, dimension, ids, then the centroids as float32. */
    public byte[] toBytes() {
        int k = centroids.length;
        int d = centroids[0].length;
        ByteBuffer out = ByteBuffer.allocate(MAGIC.length + 2 * Long.BYTES + 2 * Integer.BYTES + k * Integer.BYTES
                + k * d * Float.BYTES);
        out.put(MAGIC).putLong(version).putLong(baseVersion).putInt(k).putInt(d);
        for (int id : clusterIds) {
            out.putInt(id);
        }
        for (float[] c : centroids) {
            for (float v : c) {
                out.putFloat(v);
            }
        }
        return out.array();
    }

    /** Reads bytes written by {@link #toBytes}; malformed input gives an IllegalArgumentException. */
    public static CentroidUpdate fromBytes(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte[] magic = new byte[MAGIC.length];
            in.get(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not a centroid update (bad magic)");
            }
            long version = in.getLong();
            long base = in.getLong();
            int k = in.getInt();
            int d = in.getInt();
            if (k < 1 || d < 1 || (long) k * (d + 1) * 4 != in.remaining()) {
                throw new IllegalArgumentException("centroid update has the wrong length for k=" + k + ", d=" + d);
            }
            int[] ids = new int[k];
            for (int j = 0; j < k; j++) {
                ids[j] = in.getInt();
            }
            float[][] centroids = new float[k][d];
            for (float[] c : centroids) {
                for (int t = 0; t < d; t++) {
                    c[t] = in.getFloat();
                }
            }
            return new CentroidUpdate(version, base, centroids, ids);
        } catch (java.nio.BufferUnderflowException e) {
            throw new IllegalArgumentException("centroid update is truncated", e);
        }
    }

    /** Equal when every field is, arrays by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof CentroidUpdate other && version == other.version && baseVersion == other.baseVersion
                && Arrays.deepEquals(centroids, other.centroids) && Arrays.equals(clusterIds, other.clusterIds);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Long.hashCode(version) + Long.hashCode(baseVersion)) + Arrays.deepHashCode(centroids)
                + Arrays.hashCode(clusterIds);
    }

    @Override
    public String toString() {
        return "CentroidUpdate[v" + version + " on v" + baseVersion + ", ids=" + Arrays.toString(clusterIds)
                + ", centroids=" + Arrays.deepToString(centroids) + "]";
    }
}
