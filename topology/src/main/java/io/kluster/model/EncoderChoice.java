package io.kluster.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Whether a model embeds records with a deep encoder or clusters the (scaled) features directly.
 *
 * <p>A deep autoencoder pays off on wide, plentiful input such as images, where the raw features
 * are far from the space the clusters live in. On narrow input (tabular data, named-field events)
 * or few records it has little to find and much to overfit: k-means on the features clusters as
 * well or better (bench/results/generalization.md), so {@link #AUTO} picks that there.
 */
public enum EncoderChoice {

    /** {@link #DEEP} for at least {@value #DEEP_MIN_WIDTH} features and {@value #DEEP_MIN_RECORDS} records, else {@link #NONE}. */
    AUTO,
    /** The autoencoder of the configured widths, trained by the configured method. */
    DEEP,
    /** No encoder: k-means++ with restarts, then Student's t, on the scaled features themselves. */
    NONE;

    /** The narrowest input {@link #AUTO} trains a deep encoder for. */
    public static final int DEEP_MIN_WIDTH = 100;
    /** The fewest training records {@link #AUTO} trains a deep encoder on. */
    public static final int DEEP_MIN_RECORDS = 1000;

    /** {@link #DEEP} or {@link #NONE}: this choice, or for {@link #AUTO} the one the data's shape calls for. */
    public EncoderChoice resolve(int width, int records) {
        if (this != AUTO) {
            return this;
        }
        return width >= DEEP_MIN_WIDTH && records >= DEEP_MIN_RECORDS ? DEEP : NONE;
    }

    /** The name used in configuration, e.g. {@code auto}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a choice, ignoring case.
     *
     * @throws IllegalArgumentException naming the valid values when {@code name} is not one
     */
    public static EncoderChoice parse(String name) {
        String wanted = name == null ? "" : name.trim();
        for (EncoderChoice c : values()) {
            if (c.name().equalsIgnoreCase(wanted)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown encoder '" + name + "'; valid values: "
                + Arrays.stream(values()).map(EncoderChoice::id).collect(Collectors.joining(", ")));
    }
}
