package io.kluster.topology;

import java.time.Duration;

/**
 * How the trainer keeps learning while the stream flows: which records it sees, how long it
 * remembers them, how often centroids move and when the encoder is retrained.
 *
 * @param sampleRate fraction of assigned records copied to the trainer's buffer, in (0, 1]
 * @param bufferRecords the buffer is a sliding window of this many most recent sampled records
 * @param halfLifeRecords online centroids weigh a record half after this many further records
 * @param centroidUpdateInterval how often moved centroids are published as a new model version
 * @param retrainEveryRecords retrain after this many assigned records (0: never by count)
 * @param retrainInterval retrain after this long (zero: never by time)
 * @param retrainOnDrift whether a drop of the mean confidence out of its usual band retrains
 * @param minRetrainRecords the buffer needs this many records before a retrain
 * @param reseedMinWeightFraction a cluster whose decayed weight is below this fraction of the
 *     average is starving and is reseeded by splitting the heaviest cluster
 * @param retireDownToK 0 for a fixed k, whose starving clusters are reseeded; else k is chosen
 *     (kluster.k=auto) and a starving cluster is retired instead, as long as more than this many
 *     clusters remain (kluster.k.min), and reseeded once that many are left
 */
public record OnlineLearningSettings(
        double sampleRate,
        int bufferRecords,
        double halfLifeRecords,
        Duration centroidUpdateInterval,
        long retrainEveryRecords,
        Duration retrainInterval,
        boolean retrainOnDrift,
        int minRetrainRecords,
        double reseedMinWeightFraction,
        int retireDownToK) {

    /** Defaults: 10% sampled into a 10,000-record window, half-life 5,000 records, centroids every 5 s, fixed k. */
    public static final OnlineLearningSettings DEFAULT = new OnlineLearningSettings(0.1, 10_000, 5_000, Duration.ofSeconds(5),
            50_000, Duration.ofMinutes(30), true, 1_000, 0.05, 0);

    /** Validates the ranges. */
    public OnlineLearningSettings {
        if (!(sampleRate > 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("sample rate must be in (0, 1], got " + sampleRate);
        }
        if (bufferRecords < 1) {
            throw new IllegalArgumentException("buffer records must be >= 1, got " + bufferRecords);
        }
        if (!(halfLifeRecords >= 1) || Double.isInfinite(halfLifeRecords)) {
            throw new IllegalArgumentException("half-life must be a finite number of records >= 1, got " + halfLifeRecords);
        }
        if (centroidUpdateInterval.isNegative() || centroidUpdateInterval.isZero()) {
            throw new IllegalArgumentException("centroid update interval must be positive");
        }
        if (retrainEveryRecords < 0 || retrainInterval.isNegative()) {
            throw new IllegalArgumentException("retrain triggers must be >= 0");
        }
        if (minRetrainRecords < 2) {
            throw new IllegalArgumentException("min retrain records must be >= 2, got " + minRetrainRecords);
        }
        if (!(reseedMinWeightFraction >= 0 && reseedMinWeightFraction < 1)) {
            throw new IllegalArgumentException("reseed threshold must be in [0, 1), got " + reseedMinWeightFraction);
        }
        if (retireDownToK != 0 && retireDownToK < 2) {
            throw new IllegalArgumentException("retirement must leave at least 2 clusters (or be 0 for none), got "
                    + retireDownToK);
        }
    }

    /** Whether starving clusters are retired rather than reseeded (k is chosen, not fixed). */
    public boolean retiresStarving() {
        return retireDownToK > 0;
    }

    /** A copy that retires starving clusters down to {@code fewest}, as kluster.k=auto does. */
    public OnlineLearningSettings retiringDownTo(int fewest) {
        return new OnlineLearningSettings(sampleRate, bufferRecords, halfLifeRecords, centroidUpdateInterval,
                retrainEveryRecords, retrainInterval, retrainOnDrift, minRetrainRecords, reseedMinWeightFraction, fewest);
    }
}
