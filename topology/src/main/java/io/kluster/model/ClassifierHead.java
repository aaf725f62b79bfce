package io.kluster.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A linear layer from embeddings to k class scores, stacked on an autoencoder's encoder: the
 * classifier DeepCluster trains on pseudo-labels and the clustering network of DAMIC. It reads the
 * code as clustering sees it ({@link Autoencoder#clusteringView}), the same view k-means labelled.
 *
 * <p>Owns a sub-manager of the autoencoder's, so a head frees its weights on close.
 */
final class ClassifierHead implements AutoCloseable {

    private final NDManager manager;
    private final Linear layer;
    private final ParameterStore parameterStore;
    private final int classes;

    ClassifierHead(Autoencoder ae, int classes, long seed) {
        this.manager = ae.manager().newSubManager();
        this.classes = classes;
        this.layer = Linear.builder().setUnits(classes).build();
        layer.setInitializer(new SeededInitializer(seed), Parameter.Type.WEIGHT);
        layer.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
        layer.initialize(manager, DataType.FLOAT32, new Shape(1, ae.spec().embeddingDimension()));
        this.parameterStore = new ParameterStore(manager, false);
    }

    /** The head's weight and bias. */
    List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Pair<String, Parameter> p : layer.getParameters()) {
            all.add(p.getValue());
        }
        return all;
    }

    /** Log-probabilities of the classes for a batch of embeddings. */
    NDArray logProbabilities(NDArray embeddings, boolean training) {
        return layer.forward(parameterStore, new NDList(embeddings), training).singletonOrThrow().logSoftmax(1);
    }

    /** The most likely class of each embedding, without tracking gradients. */
    int[] predict(float[][] embeddings) {
        try (NDManager scope = manager.newSubManager()) {
            return Matrices.argmaxRows(Matrices.rows(logProbabilities(Matrices.create(scope, embeddings), false)));
        }
    }

    /**
     * Cross-entropy of the encoder plus this head against fixed labels, each row weighted by
     * {@code weights} (see {@link #balancedWeights}).
     */
    MiniBatchLoop.Objective crossEntropy(Autoencoder ae, int[] labels, float[] weights) {
        return batch -> crossEntropy(ae, ae.encode(batch.x(), true), batch, labels, weights);
    }

    /** The same cross-entropy on {@code code}, the encoder's output for {@code batch}, computed by the caller. */
    NDArray crossEntropy(Autoencoder ae, NDArray code, MiniBatchLoop.Batch batch, int[] labels, float[] weights) {
        float[] target = new float[batch.size() * classes];
        for (int i = 0; i < batch.size(); i++) {
            int row = batch.indices()[i];
            target[i * classes + labels[row]] = weights[row];
        }
        NDArray logP = logProbabilities(ae.clusteringView(code), true);
        return logP.mul(batch.scope().create(target, logP.getShape())).sum().neg().div(Scalars.of(logP, batch.size()));
    }

    /**
     * Per-row weights inverse to the size of the row's class, averaging one: training then sees every
     * class equally often, as if sampling uniformly over labels, so a big class cannot swallow the rest.
     */
    static float[] balancedWeights(int[] labels, int classes) {
        int[] sizes = new int[classes];
        for (int label : labels) {
            sizes[label]++;
        }
        int nonEmpty = (int) Arrays.stream(sizes).filter(s -> s > 0).count();
        float[] weights = new float[labels.length];
        for (int i = 0; i < labels.length; i++) {
            weights[i] = (float) labels.length / (nonEmpty * sizes[labels[i]]);
        }
        return weights;
    }

    @Override
    public void close() {
        manager.close();
    }
}
