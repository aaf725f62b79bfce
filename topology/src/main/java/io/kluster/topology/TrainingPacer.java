package io.kluster.topology;

import io.kluster.model.TrainingListener;
import java.util.concurrent.CancellationException;
import java.util.function.LongSupplier;

/**
 * Keeps a retrain to a share of one core: after each mini-batch the training thread sleeps in
 * proportion to the time it just computed, so that assignment on a small box keeps most of the
 * CPU while a retrain runs (a share of 0.5 sleeps as long as it computed; 1.0 never sleeps).
 */
final class TrainingPacer implements TrainingListener {

    /** Sleeps the calling thread for a number of nanoseconds. */
    @FunctionalInterface
    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final TrainingListener delegate;
    private final double cpuShare;
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private long computingSince;

    /** A pacer on the system clock that passes every step on to {@code delegate}. */
    static TrainingPacer of(TrainingListener delegate, double cpuShare) {
        return new TrainingPacer(delegate, cpuShare, System::nanoTime,
                nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    TrainingPacer(TrainingListener delegate, double cpuShare, LongSupplier clock, Sleeper sleeper) {
        this.delegate = delegate;
        this.cpuShare = checkShare(cpuShare);
        this.clock = clock;
        this.sleeper = sleeper;
        this.computingSince = clock.getAsLong();
    }

    /** Returns {@code cpuShare} when it is in (0, 1], else throws an IllegalArgumentException. */
    static double checkShare(double cpuShare) {
        if (!(cpuShare > 0 && cpuShare <= 1)) {
            throw new IllegalArgumentException("CPU share must be in (0, 1], got " + cpuShare);
        }
        return cpuShare;
    }

    @Override
    public void onStep(String phase, int step, int steps, double loss) {
        delegate.onStep(phase, step, steps, loss);
    }

    @Override
    public void onBatch() {
        delegate.onBatch();
        if (cpuShare < 1) {
            long computed = clock.getAsLong() - computingSince;
            long pause = (long) (computed * (1 - cpuShare) / cpuShare);
            if (pause > 0) {
                try {
                    sleeper.sleepNanos(pause);
                } catch (InterruptedException e) {
                    // Interrupted means the trainer is shutting down: end this training run.
                    Thread.currentThread().interrupt();
                    throw new CancellationException("training interrupted");
                }
            }
        }
        computingSince = clock.getAsLong();
    }
}
