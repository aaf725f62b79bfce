package io.kluster.topology;

import io.kluster.model.ModelBundle;
import io.kluster.model.ModelTrainer;
import io.kluster.model.TrainingListener;
import io.kluster.model.TrainingSettings;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains on one daemon thread of its own, so training never runs on a stream thread and at most
 * one training run takes CPU away from assignment at a time.
 */
public final class BackgroundModelTrainer implements ModelTrainingService {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundModelTrainer.class);

    private final TrainingSettings settings;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kluster-trainer");
        thread.setDaemon(true);
        thread.setPriority(Thread.NORM_PRIORITY - 1);
        return thread;
    });

    /** A trainer that builds models with {@code settings}. */
    public BackgroundModelTrainer(TrainingSettings settings) {
        this.settings = settings;
    }

    @Override
    public CompletableFuture<ModelBundle> train(float[][] rows, long version) {
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            LOG.info("Training model v{} on {} records ({} clusters, encoder {})", version, rows.length,
                    settings.k(), settings.widths());
            TrainingListener progress = (phase, step, steps, loss) -> {
                if (step == steps || step % 10 == 0) {
                    LOG.info("Training v{}: {} {}/{} loss {}", version, phase, step, steps, String.format("%.5f", loss));
                }
            };
            ModelBundle bundle = new ModelTrainer(settings).train(rows, version, progress);
            LOG.info("Trained model v{} in {} s", version, String.format("%.1f", (System.nanoTime() - start) / 1e9));
            return bundle;
        }, executor);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
