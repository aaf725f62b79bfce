package io.kluster.topology;

import io.kluster.cluster.DecayedClusterStatistics;
import java.nio.ByteBuffer;

/**
 * What the trainer must not forget when its task moves to another instance: the online cluster
 * statistics and the encoder they belong to, the retrain counters and the last version it
 * published.
 *
 * @param statistics decayed per-cluster weights and means, or null before the first model
 * @param statisticsBase the full bundle version the statistics' embedding space belongs to
 * @param recordsSinceRetrain assigned records counted since the last training run
 * @param lastTrainedMillis wall-clock time of the last training run
 * @param publishedVersion the last model version this trainer published
 */
record TrainerState(DecayedClusterStatistics.Snapshot statistics, long statisticsBase, long recordsSinceRetrain,
        long lastTrainedMillis, long publishedVersion) {

    /** The state of a trainer that has done nothing yet. */
    static final TrainerState EMPTY = new TrainerState(null, 0, 0, 0, 0);

    byte[] toBytes() {
        int k = statistics == null ? 0 : statistics.weights().length;
        int d = k == 0 ? 0 : statistics.means()[0].length;
        ByteBuffer out = ByteBuffer.allocate(4 * Long.BYTES + 2 * Integer.BYTES + Long.BYTES + Double.BYTES
                + k * Double.BYTES + k * d * Float.BYTES);
        out.putLong(statisticsBase).putLong(recordsSinceRetrain).putLong(lastTrainedMillis).putLong(publishedVersion);
        out.putInt(k).putInt(d);
        if (k > 0) {
            out.putLong(statistics.observed()).putDouble(statistics.halfLifeRecords());
            for (double w : statistics.weights()) {
                out.putDouble(w);
            }
            for (float[] mean : statistics.means()) {
                for (float v : mean) {
                    out.putFloat(v);
                }
            }
        } else {
            out.putLong(0).putDouble(0);
        }
        return out.array();
    }

    static TrainerState fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        long base = in.getLong();
        long since = in.getLong();
        long last = in.getLong();
        long published = in.getLong();
        int k = in.getInt();
        int d = in.getInt();
        long observed = in.getLong();
        double halfLife = in.getDouble();
        DecayedClusterStatistics.Snapshot snapshot = null;
        if (k > 0) {
            double[] weights = new double[k];
            for (int j = 0; j < k; j++) {
                weights[j] = in.getDouble();
            }
            float[][] means = new float[k][d];
            for (float[] mean : means) {
                for (int t = 0; t < d; t++) {
                    mean[t] = in.getFloat();
                }
            }
            snapshot = new DecayedClusterStatistics.Snapshot(means, weights, observed, halfLife);
        }
        return new TrainerState(snapshot, base, since, last, published);
    }
}
