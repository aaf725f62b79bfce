package io.kluster.topology;

import io.kluster.fields.FieldSchema;
import io.kluster.model.ModelBundle;
import java.util.concurrent.CompletableFuture;

/** Trains models away from the stream threads. */
public interface ModelTrainingService extends AutoCloseable {

    /**
     * Starts training the first model, of the given version, on {@code rows}: feature vectors, or
     * named-field events encoded by {@code schema}, which the model then ships (null for vectors).
     */
    CompletableFuture<ModelBundle> train(float[][] rows, FieldSchema schema, long version);

    /**
     * Starts retraining {@code current} on {@code rows}, warm-started from it, with the new
     * clusters matched to the ids of the current ones; the caller sets the version when it
     * publishes the result. Named-field events come encoded by the current model's schema, which
     * the result keeps.
     */
    CompletableFuture<ModelBundle> retrain(float[][] rows, ModelBundle current);

    /** Stops the service; training in flight is abandoned. */
    @Override
    void close();
}
