package io.kluster.app.train;

import io.kluster.model.TrainingListener;
import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Shows a training run as one progress bar per phase (epochs, loss, ETA) on a terminal stream. */
final class ProgressBarListener implements TrainingListener, AutoCloseable {

    private final PrintStream stream;
    private ProgressBar bar;
    private String phase;

    ProgressBarListener(PrintStream stream) {
        this.stream = stream;
    }

    @Override
    public synchronized void onStep(String stepPhase, int step, int steps, double loss) {
        if (!stepPhase.equals(phase)) {
            close();
            phase = stepPhase;
            bar = new ProgressBarBuilder()
                    .setTaskName(String.format("%-11s", stepPhase))
                    .setInitialMax(steps)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(System.console() != null ? 200 : 10_000)
                    .setConsumer(new ConsoleProgressBarConsumer(stream))
                    .setUnit(" steps", 1)
                    .build();
        }
        bar.maxHint(steps);
        bar.stepTo(step);
        // A phase that reports before it has a loss (the neighbourhood step's layout) shows none.
        bar.setExtraMessage(Double.isFinite(loss) ? String.format(" loss %.5f", loss) : "");
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
