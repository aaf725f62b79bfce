package io.kluster.topology;

import io.kluster.model.ModelBundle;
import java.util.concurrent.CompletableFuture;

/** Trains models away from the stream threads. */
public interface ModelTrainingService extends AutoCloseable {

    /** Starts training a model of the given version on {@code rows}; the future completes with it. */
    CompletableFuture<ModelBundle> train(float[][] rows, long version);

    /** Stops the service; training in flight is abandoned. */
    @Override
    void close();
}
