package io.kluster.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fully connected autoencoder held in DJL blocks, owning the NDManager its weights live in.
 *
 * <p>Not thread-safe: one training run uses it at a time.
 */
public final class Autoencoder implements AutoCloseable {

    private final EncoderSpec spec;
    private final NDManager manager;
    private final SequentialBlock encoder;
    private final SequentialBlock decoder;
    private final ParameterStore parameterStore;

    private Autoencoder(EncoderSpec spec, NDManager manager, SequentialBlock encoder, SequentialBlock decoder) {
        this.spec = spec;
        this.manager = manager;
        this.encoder = encoder;
        this.decoder = decoder;
        this.parameterStore = new ParameterStore(manager, false);
    }

    /** How a new autoencoder's biases start. */
    enum Biases {
        /** All zero: the autoencoders that cluster start so. */
        ZERO,
        /**
         * Uniform in ±1/√fan-in of their layer, seeded (PyTorch's default for a linear layer). With a
         * one-dimensional code and zero biases every hidden ReLU of the decoder starts bending at the
         * same point, code 0; spread biases start the bends along the code's range.
         */
        FAN_IN_UNIFORM
    }

    /** A new autoencoder with seeded Glorot-uniform weights and zero biases. */
    public static Autoencoder initialize(EncoderSpec spec, long seed) {
        return initialize(spec, seed, Biases.ZERO);
    }

    /** A new autoencoder with seeded Glorot-uniform weights and biases as {@code biases} says. */
    static Autoencoder initialize(EncoderSpec spec, long seed, Biases biases) {
        NDManager manager = NDManager.newBaseManager();
        SequentialBlock encoder = spec.newEncoder();
        SequentialBlock decoder = spec.newDecoder();
        SeededInitializer weights = new SeededInitializer(seed);
        for (SequentialBlock block : List.of(encoder, decoder)) {
            block.setInitializer(weights, Parameter.Type.WEIGHT);
            block.setInitializer(Initializer.ZEROS, Parameter.Type.BIAS);
        }
        encoder.initialize(manager, DataType.FLOAT32, new Shape(1, spec.inputDimension()));
        decoder.initialize(manager, DataType.FLOAT32, new Shape(1, spec.embeddingDimension()));
        if (biases == Biases.FAN_IN_UNIFORM) {
            // A second stream of the same seed, so that the weights are those of Biases.ZERO.
            SplittableRandom random = new SplittableRandom(seed).split();
            spreadBiases(encoder, random);
            spreadBiases(decoder, random);
        }
        return new Autoencoder(spec, manager, encoder, decoder);
    }

    /** Sets each linear layer's bias uniform in ±1/√fan-in, the fan-in read off the weight before it. */
    private static void spreadBiases(Block block, SplittableRandom random) {
        long fanIn = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Parameter parameter = p.getValue();
            NDArray values = parameter.getArray();
            if (parameter.getType() == Parameter.Type.WEIGHT) {
                fanIn = values.getShape().get(1);
            } else if (parameter.getType() == Parameter.Type.BIAS) {
                double bound = 1 / Math.sqrt(fanIn);
                float[] bias = new float[Math.toIntExact(values.size())];
                for (int i = 0; i < bias.length; i++) {
                    bias[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
                }
                values.set(bias);
            }
        }
    }

    /** An autoencoder restored from saved parameters; {@code decoderParameters} may be null. */
    public static Autoencoder fromParameters(EncoderSpec spec, byte[] encoderParameters, byte[] decoderParameters) {
        Autoencoder ae = initialize(spec, 0L);
        try {
            load(ae.encoder, ae.manager, encoderParameters);
            if (decoderParameters != null) {
                load(ae.decoder, ae.manager, decoderParameters);
            }
        } catch (IOException | MalformedModelException | RuntimeException e) {
            ae.close();
            throw new IllegalArgumentException("parameters do not fit encoder " + spec + ": " + e.getMessage(), e);
        }
        return ae;
    }

    /**
     * Loads saved weights into an initialised block. DJL takes the shapes from the stream, so the
     * shapes are checked against the block's own afterwards: weights of another architecture must
     * fail here, not in the middle of a stream.
     */
    static void load(Block block, NDManager manager, byte[] parameters) throws IOException, MalformedModelException {
        List<Shape> expected = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            expected.add(p.getValue().getArray().getShape());
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
            block.loadParameters(manager, in);
            if (in.available() > 0) {
                throw new MalformedModelException(in.available() + " bytes left after the last parameter");
            }
        }
        int i = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            Shape actual = p.getValue().getArray().getShape();
            if (!actual.equals(expected.get(i++))) {
                throw new MalformedModelException("parameter " + p.getKey() + " has shape " + actual + ", expected "
                        + expected.get(i - 1));
            }
        }
    }

    static byte[] save(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The architecture. */
    public EncoderSpec spec() {
        return spec;
    }

    /** The manager that owns the weights; training creates per-batch sub-managers from it. */
    public NDManager manager() {
        return manager;
    }

    /** The encoder block. */
    public Block encoder() {
        return encoder;
    }

    /** The decoder block. */
    public Block decoder() {
        return decoder;
    }

    /** Every trainable parameter of encoder and decoder, in a stable order. */
    public List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (Pair<String, Parameter> p : encoder.getParameters()) {
            all.add(p.getValue());
        }
        for (Pair<String, Parameter> p : decoder.getParameters()) {
            all.add(p.getValue());
        }
        return all;
    }

    /** Only the encoder's parameters. */
    public List<Parameter> encoderParameters() {
        List<Parameter> all = new ArrayList<>();
        for (Pair<String, Parameter> p : encoder.getParameters()) {
            all.add(p.getValue());
        }
        return all;
    }

    /** Only the decoder's parameters. */
    public List<Parameter> decoderParameters() {
        List<Parameter> all = new ArrayList<>();
        for (Pair<String, Parameter> p : decoder.getParameters()) {
            all.add(p.getValue());
        }
        return all;
    }

    /** Encoder forward pass on a batch (rows × input dimension). */
    public NDArray encode(NDArray batch, boolean training) {
        return encoder.forward(parameterStore, new NDList(batch), training).singletonOrThrow();
    }

    /** Decoder forward pass on a batch of embeddings. */
    public NDArray decode(NDArray embeddings, boolean training) {
        return decoder.forward(parameterStore, new NDList(embeddings), training).singletonOrThrow();
    }

    /**
     * The code as clustering sees it: projected onto the sphere of radius √e when the spec is
     * spherical (see {@link EncoderSpec#project}), else unchanged. Reconstruction uses the raw code.
     */
    public NDArray clusteringView(NDArray code) {
        if (!spec.spherical()) {
            return code;
        }
        NDArray squaredNorm = code.square().sum(new int[] {1}, true);
        NDArray norm = squaredNorm.add(Scalars.of(squaredNorm, EncoderSpec.NORM_EPSILON)).sqrt();
        return code.div(norm).mul(Scalars.of(code, spec.sphereRadius()));
    }

    /** Embeds already scaled rows in batches, without tracking gradients, as clustering sees them. */
    public float[][] embed(float[][] scaledRows, int batchSize) {
        int n = scaledRows.length;
        int d = spec.inputDimension();
        int e = spec.embeddingDimension();
        float[][] out = new float[n][];
        for (int start = 0; start < n; start += batchSize) {
            int b = Math.min(batchSize, n - start);
            float[] flat = new float[b * d];
            for (int i = 0; i < b; i++) {
                System.arraycopy(scaledRows[start + i], 0, flat, i * d, d);
            }
            try (NDManager scope = manager.newSubManager()) {
                float[] z = encode(scope.create(flat, new Shape(b, d)), false).toFloatArray();
                spec.project(z, b);
                for (int i = 0; i < b; i++) {
                    out[start + i] = java.util.Arrays.copyOfRange(z, i * e, (i + 1) * e);
                }
            }
        }
        return out;
    }

    /** The encoder's parameters in DJL's parameter format. */
    public byte[] encoderBytes() {
        return save(encoder);
    }

    /** The decoder's parameters in DJL's parameter format. */
    public byte[] decoderBytes() {
        return save(decoder);
    }

    @Override
    public void close() {
        manager.close();
    }
}
