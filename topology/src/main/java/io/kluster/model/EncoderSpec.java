package io.kluster.model;

import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a fully connected encoder: input dimension, hidden widths and embedding dimension.
 *
 * <p>The decoder mirrors the encoder. Hidden layers use ReLU; the embedding and the reconstruction
 * layers are linear, as in DEC, so embeddings and inputs are not squashed into a fixed range.
 *
 * <p>The {@link #none} spec has no layers at all: the embedding is the (scaled) input itself, and
 * Student's t assigns records to centroids among the features. Its widths are written {@code none}.
 */
public record EncoderSpec(int inputDimension, List<Integer> hiddenWidths, int embeddingDimension, boolean spherical,
        boolean identity) {

    /** The widths DEC uses (d-500-500-2000-10). */
    public static final String DEFAULT_WIDTHS = "500,500,2000,10";

    /** The widths of the encoder that has no layers. */
    public static final String NO_ENCODER = "none";

    /** Validates and copies. */
    public EncoderSpec {
        if (inputDimension < 1) {
            throw new IllegalArgumentException("input dimension must be positive, got " + inputDimension);
        }
        if (embeddingDimension < 1) {
            throw new IllegalArgumentException("embedding dimension must be positive, got " + embeddingDimension);
        }
        hiddenWidths = List.copyOf(hiddenWidths);
        if (identity && (!hiddenWidths.isEmpty() || embeddingDimension != inputDimension || spherical)) {
            throw new IllegalArgumentException("the encoder without layers embeds a record as itself, on no sphere");
        }
        for (int w : hiddenWidths) {
            if (w < 1) {
                throw new IllegalArgumentException("layer widths must be positive, got " + hiddenWidths);
            }
        }
    }

    /**
     * Parses a comma-separated list of widths whose last entry is the embedding dimension, e.g.
     * {@code "500,500,2000,10"}.
     */
    public static EncoderSpec of(int inputDimension, String widths) {
        if (widths.trim().equalsIgnoreCase(NO_ENCODER)) {
            return none(inputDimension);
        }
        String[] parts = widths.trim().split("\\s*,\\s*");
        List<Integer> all = new ArrayList<>();
        for (String part : parts) {
            try {
                all.add(Integer.parseInt(part));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("layer widths must be comma-separated integers, got '" + widths + "'");
            }
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("at least the embedding dimension is required");
        }
        return new EncoderSpec(inputDimension, all.subList(0, all.size() - 1), all.get(all.size() - 1), false, false);
    }

    /** The encoder without layers: a record's embedding is its scaled input. */
    public static EncoderSpec none(int inputDimension) {
        return new EncoderSpec(inputDimension, List.of(), inputDimension, false, true);
    }

    /** The same layers, with embeddings projected onto the sphere or not; the encoder without layers stays flat. */
    public EncoderSpec withSpherical(boolean value) {
        return identity ? this : new EncoderSpec(inputDimension, hiddenWidths, embeddingDimension, value, false);
    }

    /**
     * Added to a code's squared length before its square root when projecting: it vanishes in float
     * arithmetic beside any real code, yet bounds the projection's gradient at a zero code, where
     * x/|x| has none and training would turn to NaN.
     */
    static final double NORM_EPSILON = 1e-12;

    /** Radius of the sphere spherical embeddings lie on: √e, the length of a code with unit-variance entries. */
    public double sphereRadius() {
        return Math.sqrt(embeddingDimension);
    }

    /**
     * Projects {@code n} row-major embeddings in place onto the sphere of radius √e, when this
     * spec is spherical: the direction of an autoencoder's code separates classes better than its
     * length, which follows e.g. an image's overall brightness. The radius keeps distances on the
     * scale of an unprojected code, where Student's t with α = 1 is sharp enough to learn from.
     */
    public void project(float[] embeddings, int n) {
        if (!spherical) {
            return;
        }
        int e = embeddingDimension;
        double radius = sphereRadius();
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int j = 0; j < e; j++) {
                norm += (double) embeddings[i * e + j] * embeddings[i * e + j];
            }
            double factor = radius / Math.sqrt(norm + NORM_EPSILON);
            for (int j = 0; j < e; j++) {
                embeddings[i * e + j] = (float) (embeddings[i * e + j] * factor);
            }
        }
    }

    /** The widths as they are written on the command line: hidden widths then embedding dimension. */
    public String widths() {
        if (identity) {
            return NO_ENCODER;
        }
        List<Integer> all = new ArrayList<>(hiddenWidths);
        all.add(embeddingDimension);
        return String.join(",", all.stream().map(String::valueOf).toList());
    }

    /** A fresh, uninitialised encoder block. */
    public SequentialBlock newEncoder() {
        checkHasLayers();
        SequentialBlock block = new SequentialBlock();
        for (int width : hiddenWidths) {
            block.add(Linear.builder().setUnits(width).build()).add(Activation.reluBlock());
        }
        block.add(Linear.builder().setUnits(embeddingDimension).build());
        return block;
    }

    /** A fresh, uninitialised decoder block mirroring the encoder. */
    public SequentialBlock newDecoder() {
        checkHasLayers();
        SequentialBlock block = new SequentialBlock();
        int[] reversed = hiddenWidths.stream().mapToInt(Integer::intValue).toArray();
        for (int i = reversed.length - 1; i >= 0; i--) {
            block.add(Linear.builder().setUnits(reversed[i]).build()).add(Activation.reluBlock());
        }
        block.add(Linear.builder().setUnits(inputDimension).build());
        return block;
    }

    private void checkHasLayers() {
        if (identity) {
            throw new IllegalStateException("the encoder without layers has no network");
        }
    }

    @Override
    public String toString() {
        return inputDimension + "-" + widths().replace(',', '-') + (spherical ? " (spherical)" : "");
    }
}
