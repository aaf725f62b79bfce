package io.kluster.cluster;

/**
 * Notices when assignments stop fitting: it follows a statistic such as a batch's mean confidence
 * with a slow exponentially weighted mean and variance (its usual band) and a fast one (its recent
 * level), and reports drift when the recent level falls more than {@code threshold} standard
 * deviations of the recent level below the usual one. The recent level averages several values,
 * so its spread is the values' spread times sqrt(fast / (2 - fast)); comparing it with the spread
 * of single values would miss a clear drop in a noisy statistic such as a small batch's mean.
 *
 * <p>Only a drop counts: rising confidence means the clusters fit better. Not thread-safe.
 */
public final class ConfidenceDriftDetector {

    private final double slowWeight;
    private final double fastWeight;
    private final double threshold;
    private final int warmup;
    private final double fastSpread;

    private long observed;
    private double slowMean;
    private double slowVariance;
    private double fastMean;

    /**
     * A detector.
     *
     * @param slowWeight weight of a new value in the usual band, in (0, 1), e.g. 0.01
     * @param fastWeight weight of a new value in the recent level, in (slowWeight, 1], e.g. 0.2
     * @param threshold how many standard deviations below the band count as drift, > 0
     * @param warmup values seen before drift can be reported, >= 1
     */
    public ConfidenceDriftDetector(double slowWeight, double fastWeight, double threshold, int warmup) {
        if (!(slowWeight > 0 && slowWeight < 1) || !(fastWeight > slowWeight && fastWeight <= 1)) {
            throw new IllegalArgumentException("weights must satisfy 0 < slow < fast <= 1, got " + slowWeight + ", " + fastWeight);
        }
        if (!(threshold > 0) || warmup < 1) {
            throw new IllegalArgumentException("threshold must be > 0 and warmup >= 1");
        }
        this.slowWeight = slowWeight;
        this.fastWeight = fastWeight;
        this.threshold = threshold;
        this.warmup = warmup;
        this.fastSpread = Math.sqrt(fastWeight / (2 - fastWeight));
    }

    /**
     * A detector suited to the mean confidence of consecutive windows of a few hundred records:
     * the usual band remembers about a hundred windows, the recent level about five, and drift is
     * not reported before twenty windows have been seen.
     */
    public static ConfidenceDriftDetector forWindowMeans() {
        return new ConfidenceDriftDetector(0.01, 0.2, 4.0, 20);
    }

    /** Adds a value; returns true when the recent level has dropped out of the usual band. */
    public boolean observe(double value) {
        if (!Double.isFinite(value)) {
            return false;
        }
        observed++;
        if (observed == 1) {
            slowMean = value;
            fastMean = value;
            return false;
        }
        fastMean += fastWeight * (value - fastMean);
        // The weighted variance starts at zero; dividing by the weight it has accumulated removes that bias.
        double variance = slowVariance / (1 - Math.pow(1 - slowWeight, observed - 1));
        boolean drift = observed > warmup && fastMean < slowMean - threshold * fastSpread * Math.sqrt(variance) - 1e-9;
        double deviation = value - slowMean;
        slowMean += slowWeight * deviation;
        slowVariance = (1 - slowWeight) * (slowVariance + slowWeight * deviation * deviation);
        return drift;
    }

    /** Forgets everything, e.g. after a retrain has changed what normal looks like. */
    public void reset() {
        observed = 0;
        slowMean = 0;
        slowVariance = 0;
        fastMean = 0;
    }

    /** What the detector has learnt so far, from which {@link #restore(State)} continues identically. */
    public State state() {
        return new State(observed, slowMean, slowVariance, fastMean);
    }

    /** Continues from a state taken with {@link #state()}, of a detector with the same weights. */
    public void restore(State state) {
        observed = state.observed();
        slowMean = state.slowMean();
        slowVariance = state.slowVariance();
        fastMean = state.fastMean();
    }

    /**
     * The detector's running statistics.
     *
     * @param observed values seen
     * @param slowMean the usual level
     * @param slowVariance the usual band's weighted variance, before bias correction
     * @param fastMean the recent level
     */
    public record State(long observed, double slowMean, double slowVariance, double fastMean) {

        /** The state of a detector that has seen nothing. */
        public static final State EMPTY = new State(0, 0, 0, 0);
    }

    /** The usual level. */
    public double usualLevel() {
        return slowMean;
    }

    /** The recent level. */
    public double recentLevel() {
        return fastMean;
    }
}
