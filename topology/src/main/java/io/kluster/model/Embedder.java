package io.kluster.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.util.Pair;
import java.io.IOException;

/**
 * Runs a bundle's encoder on batches of raw feature vectors through one DJL {@link Predictor}.
 *
 * <p>A predictor is not thread-safe: each stream thread opens its own embedder and closes it
 * when done. Native memory for a batch lives in a scope that is closed before {@link #embed}
 * returns.
 */
public final class Embedder implements AutoCloseable {

    private final ModelBundle bundle;
    private final Model model;
    private final Predictor<NDList, NDList> predictor;

    private Embedder(ModelBundle bundle, Model model) {
        this.bundle = bundle;
        this.model = model;
        this.predictor = model.newPredictor(new NoopTranslator());
    }

    /**
     * Loads the bundle's encoder; weights that do not fit its architecture or are not finite give
     * an IllegalArgumentException.
     */
    public static Embedder open(ModelBundle bundle) {
        Model model = Model.newInstance("kluster-encoder-v" + bundle.version());
        try {
            Block encoder = bundle.encoder().newEncoder();
            model.setBlock(encoder);
            encoder.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, bundle.inputDimension()));
            Autoencoder.load(encoder, model.getNDManager(), bundle.encoderParameters());
            for (Pair<String, Parameter> p : encoder.getParameters()) {
                NDArray array = p.getValue().getArray();
                if (array.isNaN().any().getBoolean() || array.isInfinite().any().getBoolean()) {
                    throw new IllegalArgumentException("encoder weight " + p.getKey() + " is not finite");
                }
            }
            return new Embedder(bundle, model);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException("encoder weights do not fit " + bundle.encoder() + ": " + e.getMessage(), e);
        }
    }

    /** The bundle this embedder runs. */
    public ModelBundle bundle() {
        return bundle;
    }

    /**
     * Embeds the first {@code n} rows (each of the bundle's input dimension) and returns their
     * embeddings row-major, {@code n × embeddingDimension}.
     */
    public float[] embed(float[][] rows, int n) {
        int d = bundle.inputDimension();
        float[] flat = new float[n * d];
        FeatureScaler scaler = bundle.scaler();
        for (int i = 0; i < n; i++) {
            scaler.apply(rows[i], flat, i * d);
        }
        try (NDManager scope = model.getNDManager().newSubManager();
                NDList out = predictor.predict(new NDList(scope.create(flat, new Shape(n, d))))) {
            return out.singletonOrThrow().toFloatArray();
        } catch (TranslateException e) {
            throw new IllegalStateException("encoder forward pass failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
