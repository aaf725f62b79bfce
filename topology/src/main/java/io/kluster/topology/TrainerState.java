package io.kluster.topology;

import io.kluster.cluster.ConfidenceDriftDetector;
import io.kluster.cluster.DecayedClusterStatistics;
import java.nio.ByteBuffer;

/**
 * Everything the trainer derives from what it has consumed, so that its task can move to another
 * instance and continue exactly where the committed offsets say it was: the online cluster
 * statistics and the encoder they belong to, the retrain counters, the last version it published,
 * and the drift detector with its partly filled confidence window.
 *
 * @param statistics decayed per-cluster weights and means, or null before the first model
 * @param statisticsBase the full bundle version the statistics' embedding space belongs to
 * @param recordsSinceRetrain assigned records counted since the last training run
 * @param lastTrainedMillis wall-clock time of the last training run
 * @param publishedVersion the last model version this trainer published
 * @param drift the drift detector's running statistics
 * @param windowConfidence summed confidence of the confidence window being filled
 * @param windowRecords records in that window so far
 * @param driftSeen whether drift was seen since the last training run
 * @param driftSequence the buffer sequence at which it was seen
 */
record TrainerState(DecayedClusterStatistics.Snapshot statistics, long statisticsBase, long recordsSinceRetrain,
        long lastTrainedMillis, long publishedVersion, ConfidenceDriftDetector.State drift, double windowConfidence,
        int windowRecords, boolean driftSeen, long driftSequence) {

    /** The state of a trainer that has done nothing yet. */
    static final TrainerState EMPTY = new TrainerState(null, 0, 0, 0, 0, ConfidenceDriftDetector.State.EMPTY, 0, 0,
            false, 0);

    /**
     * Leads the current layout. The first layout began with the statistics' base version, a
     * non-negative long, so its first four bytes are never negative as an int.
     */
    private static final int LAYOUT_2 = -2;

    byte[] toBytes() {
        int k = statistics == null ? 0 : statistics.weights().length;
        int d = k == 0 ? 0 : statistics.means()[0].length;
        ByteBuffer out = ByteBuffer.allocate(Integer.BYTES + 4 * Long.BYTES + 2 * Integer.BYTES + Long.BYTES + Double.BYTES
                + k * Double.BYTES + k * d * Float.BYTES
                + Long.BYTES + 3 * Double.BYTES + Double.BYTES + Integer.BYTES + 1 + Long.BYTES);
        out.putInt(LAYOUT_2);
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
        out.putLong(drift.observed()).putDouble(drift.slowMean()).putDouble(drift.slowVariance()).putDouble(drift.fastMean());
        out.putDouble(windowConfidence).putInt(windowRecords).put((byte) (driftSeen ? 1 : 0)).putLong(driftSequence);
        return out.array();
    }

    static TrainerState fromBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        boolean layout2 = in.getInt(0) == LAYOUT_2;
        if (layout2) {
            in.getInt();
        }
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
        if (!layout2) {
            // Written before the drift detector was kept: it starts afresh, as it did on every failover then.
            return new TrainerState(snapshot, base, since, last, published, ConfidenceDriftDetector.State.EMPTY, 0, 0,
                    false, 0);
        }
        ConfidenceDriftDetector.State drift = new ConfidenceDriftDetector.State(in.getLong(), in.getDouble(),
                in.getDouble(), in.getDouble());
        return new TrainerState(snapshot, base, since, last, published, drift, in.getDouble(), in.getInt(),
                in.get() == 1, in.getLong());
    }
}
