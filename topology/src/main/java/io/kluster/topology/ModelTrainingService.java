package io.kluster.topology;

import io.kluster.model.ModelBundle;
import java.util.concurrent.CompletableFuture;

/** Trains models away from the stream threads. */
public interface ModelTrainingService extends AutoCloseable {

    /** Starts training the first model, of the given version, on {@code rows}. */
    CompletableFuture<ModelBundle> train(float[][] rows, long version);

    /**
     * Starts retraining {@code current} on {@code rows}, warm-started from it, with the new
     * clusters matched to the ids of the current ones; the caller sets the version when it
     * publishes the result.
     */
    CompletableFuture<ModelBundle> retrain(float[][] rows, ModelBundle current);

    /** Stops the service; training in flight is abandoned. */
    @Override
    void close();
}
