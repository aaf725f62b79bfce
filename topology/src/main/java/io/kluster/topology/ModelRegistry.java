package io.kluster.topology;

import io.kluster.model.ModelBundle;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The newest valid model this instance knows, shared by its stream threads and its global thread:
 * the latest full bundle (its encoder) with the latest centroid update for that encoder applied.
 *
 * <p>Versions only move forward: an older or equal version offered later is ignored, so a replay
 * of the model topic cannot roll an instance back.
 */
public final class ModelRegistry {

    /**
     * A consistent pair: the full bundle in use and the current model (that bundle, possibly with
     * moved centroids). Both null before the first model.
     */
    public record Models(ModelBundle base, ModelBundle current) {
    }

    private final AtomicReference<Models> state = new AtomicReference<>(new Models(null, null));

    /** The base bundle and current model, read together. */
    public Models models() {
        return state.get();
    }

    /** The current model, or null before the first one arrives. */
    public ModelBundle current() {
        return state.get().current;
    }

    /** The full bundle whose encoder the current model uses, or null. */
    public ModelBundle base() {
        return state.get().base;
    }

    /** The current version, or 0 before the first model. */
    public long version() {
        ModelBundle model = current();
        return model == null ? 0L : model.version();
    }

    /** Makes a full bundle current when it is newer; returns whether it did. */
    public boolean offer(ModelBundle bundle) {
        while (true) {
            Models old = state.get();
            if (old.current != null && old.current.version() >= bundle.version()) {
                return false;
            }
            if (state.compareAndSet(old, new Models(bundle, bundle))) {
                return true;
            }
        }
    }

    /**
     * Applies a centroid update when it is newer and belongs to the current encoder; returns
     * whether it did.
     */
    public boolean offer(CentroidUpdate update) {
        while (true) {
            Models old = state.get();
            if (old.base == null || old.base.version() != update.baseVersion() || old.current.version() >= update.version()
                    || update.centroids().length != old.base.k()
                    || update.centroids()[0].length != old.base.encoder().embeddingDimension()) {
                return false;
            }
            ModelBundle moved = old.base.withCentroids(update.version(), update.centroids(), update.clusterIds(),
                    old.base.lineage());
            if (state.compareAndSet(old, new Models(old.base, moved))) {
                return true;
            }
        }
    }
}
