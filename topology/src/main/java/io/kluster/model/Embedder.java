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
 * Runs a bundle's encoder on batches of raw feature vectors through one DJL {@link Predictor},
 * and its decoder, when the bundle ships one, to measure how well recent records reconstruct.
 *
 * <p>A predictor is not thread-safe: each stream thread opens its own embedder and closes it
 * when done. Native memory for a batch lives in a scope that is closed before {@link #embed}
 * returns. A bundle whose encoder has no layers embeds the scaled input itself, without DJL.
 */
public final class Embedder implements AutoCloseable {

    private final ModelBundle bundle;
    private final Model model;
    private final Predictor<NDList, NDList> predictor;
    private final Model decoderModel;
    private final Predictor<NDList, NDList> decoderPredictor;

    private Embedder(ModelBundle bundle, Model model, Model decoderModel) {
        this.bundle = bundle;
        this.model = model;
        this.predictor = model == null ? null : model.newPredictor(new NoopTranslator());
        this.decoderModel = decoderModel;
        this.decoderPredictor = decoderModel == null ? null : decoderModel.newPredictor(new NoopTranslator());
    }

    /**
     * Loads the bundle's encoder; weights that do not fit its architecture or are not finite give
     * an IllegalArgumentException.
     */
    public static Embedder open(ModelBundle bundle) {
        if (bundle.encoder().identity()) {
            return new Embedder(bundle, null, null);
        }
        Model model = loadChecked("encoder", bundle, bundle.encoder().newEncoder(), bundle.inputDimension(),
                bundle.encoderParameters());
        Model decoder = null;
        if (bundle.decoderParameters() != null) {
            try {
                decoder = loadChecked("decoder", bundle, bundle.encoder().newDecoder(),
                        bundle.encoder().embeddingDimension(), bundle.decoderParameters());
            } catch (IllegalArgumentException e) {
                model.close();
                throw e;
            }
        }
        return new Embedder(bundle, model, decoder);
    }

    private static Model loadChecked(String part, ModelBundle bundle, Block block, int inputWidth, byte[] parameters) {
        Model model = Model.newInstance("kluster-" + part + "-v" + bundle.version());
        try {
            model.setBlock(block);
            block.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, inputWidth));
            Autoencoder.load(block, model.getNDManager(), parameters);
            for (Pair<String, Parameter> p : block.getParameters()) {
                NDArray array = p.getValue().getArray();
                if (array.isNaN().any().getBoolean() || array.isInfinite().any().getBoolean()) {
                    throw new IllegalArgumentException(part + " weight " + p.getKey() + " is not finite");
                }
            }
            return model;
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            if (e instanceof IllegalArgumentException iae) {
                throw iae;
            }
            throw new IllegalArgumentException(part + " weights do not fit " + bundle.encoder() + ": " + e.getMessage(), e);
        }
    }

    /** The bundle this embedder runs. */
    public ModelBundle bundle() {
        return bundle;
    }

    /**
     * Embeds the first {@code n} rows (each of the bundle's input dimension) and returns their
     * embeddings row-major, {@code n × embeddingDimension}, as clustering sees them (projected
     * onto the sphere when the encoder is spherical).
     */
    public float[] embed(float[][] rows, int n) {
        float[] embeddings = code(rows, n);
        bundle.encoder().project(embeddings, n);
        return embeddings;
    }

    /** The encoder's raw output for the first {@code n} rows, row-major. */
    private float[] code(float[][] rows, int n) {
        int d = bundle.inputDimension();
        float[] flat = new float[n * d];
        FeatureScaler scaler = bundle.scaler();
        for (int i = 0; i < n; i++) {
            scaler.apply(rows[i], flat, i * d);
        }
        if (predictor == null) {
            return flat;
        }
        try (NDManager scope = model.getNDManager().newSubManager();
                NDList out = predictor.predict(new NDList(scope.create(flat, new Shape(n, d))))) {
            return out.singletonOrThrow().toFloatArray();
        } catch (TranslateException e) {
            throw new IllegalStateException("encoder forward pass failed: " + e.getMessage(), e);
        }
    }

    /** Whether the bundle ships a decoder, so that {@link #reconstructionError} is defined. */
    public boolean canReconstruct() {
        return decoderPredictor != null;
    }

    /**
     * The mean squared reconstruction error per feature of the first {@code n} rows, in the
     * scaled input space the autoencoder was trained in, given their {@code embeddings} from
     * {@link #embed}; NaN when the bundle has no decoder.
     */
    public double reconstructionError(float[][] rows, int n, float[] embeddings) {
        if (decoderPredictor == null) {
            return Double.NaN;
        }
        int d = bundle.inputDimension();
        int e = bundle.encoder().embeddingDimension();
        // The decoder reads the raw code; a projected embedding has lost its length.
        float[] code = bundle.encoder().spherical() ? code(rows, n) : embeddings;
        float[] reconstructed;
        try (NDManager scope = decoderModel.getNDManager().newSubManager();
                NDList out = decoderPredictor.predict(new NDList(scope.create(code, new Shape(n, e))))) {
            reconstructed = out.singletonOrThrow().toFloatArray();
        } catch (TranslateException ex) {
            throw new IllegalStateException("decoder forward pass failed: " + ex.getMessage(), ex);
        }
        float[] scaled = new float[d];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            bundle.scaler().apply(rows[i], scaled, 0);
            for (int j = 0; j < d; j++) {
                double diff = scaled[j] - reconstructed[i * d + j];
                sum += diff * diff;
            }
        }
        return sum / ((double) n * d);
    }

    @Override
    public void close() {
        if (predictor != null) {
            predictor.close();
            model.close();
        }
        if (decoderModel != null) {
            decoderPredictor.close();
            decoderModel.close();
        }
    }
}
