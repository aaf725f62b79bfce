package io.kluster.topology;

import io.kluster.model.ModelBundle;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The newest valid model this instance knows, shared by its stream threads and its global thread.
 *
 * <p>Versions only move forward: an older or equal version offered later is ignored, so a replay
 * of the model topic cannot roll an instance back.
 */
public final class ModelRegistry {

    private final AtomicReference<ModelBundle> current = new AtomicReference<>();

    /** The current model, or null before the first one arrives. */
    public ModelBundle current() {
        return current.get();
    }

    /** The current version, or 0 before the first model. */
    public long version() {
        ModelBundle model = current.get();
        return model == null ? 0L : model.version();
    }

    /** Makes {@code bundle} current when it is newer; returns whether it did. */
    public boolean offer(ModelBundle bundle) {
        while (true) {
            ModelBundle old = current.get();
            if (old != null && old.version() >= bundle.version()) {
                return false;
            }
            if (current.compareAndSet(old, bundle)) {
                return true;
            }
        }
    }
}
