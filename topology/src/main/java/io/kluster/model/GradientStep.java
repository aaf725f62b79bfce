package io.kluster.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;

/**
 * Applies Adam to a fixed list of parameter arrays after a backward pass, then clears their
 * gradients (libtorch accumulates them otherwise).
 */
final class GradientStep {

    private final Optimizer optimizer;
    private final List<NDArray> arrays;
    private final List<String> ids;

    GradientStep(List<Parameter> parameters, List<NDArray> extraArrays, float learningRate) {
        this.optimizer = Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build();
        this.arrays = new java.util.ArrayList<>();
        this.ids = new java.util.ArrayList<>();
        for (Parameter p : parameters) {
            arrays.add(p.getArray());
            ids.add(p.getId());
        }
        for (int i = 0; i < extraArrays.size(); i++) {
            arrays.add(extraArrays.get(i));
            ids.add("extra-" + i);
        }
        for (NDArray array : arrays) {
            array.setRequiresGradient(true);
        }
    }

    void apply() {
        for (int i = 0; i < arrays.size(); i++) {
            NDArray weight = arrays.get(i);
            try (NDArray grad = weight.getGradient()) {
                optimizer.update(ids.get(i), weight, grad);
                grad.subi(grad);
            }
        }
    }
}
