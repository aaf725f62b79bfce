package io.kluster.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kluster.model.TrainingListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class TrainingPacerTest {

    /** A clock that only moves when the test computes or the pacer sleeps. */
    private long now;
    private final List<Long> sleeps = new ArrayList<>();

    private TrainingPacer pacer(TrainingListener delegate, double share) {
        return new TrainingPacer(delegate, share, () -> now, nanos -> {
            sleeps.add(nanos);
            now += nanos;
        });
    }

    @Test
    void sleepsSoThatComputingTakesItsShareOfWallTime() {
        TrainingPacer pacer = pacer(TrainingListener.NONE, 0.25);
        long start = now;
        for (long work : new long[] {10_000_000, 40_000_000, 2_000_000}) {
            now += work;
            pacer.onBatch();
        }

        assertThat(sleeps).containsExactly(30_000_000L, 120_000_000L, 6_000_000L);
        assertThat((double) 52_000_000 / (now - start)).isEqualTo(0.25);
    }

    @Test
    void sleepingIsNotCountedAsComputing() {
        TrainingPacer pacer = pacer(TrainingListener.NONE, 0.5);
        now += 8_000_000;
        pacer.onBatch();
        now += 1_000_000;
        pacer.onBatch();

        assertThat(sleeps).containsExactly(8_000_000L, 1_000_000L);
    }

    @Test
    void aFullShareNeverSleeps() {
        TrainingPacer pacer = pacer(TrainingListener.NONE, 1.0);
        now += 50_000_000;
        pacer.onBatch();

        assertThat(sleeps).isEmpty();
    }

    @Test
    void passesStepsAndBatchesOnToTheProgressListener() {
        List<String> heard = new ArrayList<>();
        TrainingPacer pacer = pacer(new TrainingListener() {
            @Override
            public void onStep(String phase, int step, int steps, double loss) {
                heard.add(phase + " " + step + "/" + steps);
            }

            @Override
            public void onBatch() {
                heard.add("batch");
            }
        }, 0.5);
        pacer.onBatch();
        pacer.onStep("dec", 1, 3, 0.5);

        assertThat(heard).containsExactly("batch", "dec 1/3");
    }

    @Test
    void anInterruptedSleepEndsTheTrainingRunAndKeepsTheInterrupt() {
        TrainingPacer pacer = new TrainingPacer(TrainingListener.NONE, 0.5, () -> now, nanos -> {
            throw new InterruptedException();
        });
        now += 1_000_000;
        try {
            assertThatThrownBy(pacer::onBatch).isInstanceOf(CancellationException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void rejectsSharesOutsideZeroToOne() {
        assertThatThrownBy(() -> pacer(TrainingListener.NONE, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pacer(TrainingListener.NONE, 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> pacer(TrainingListener.NONE, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
