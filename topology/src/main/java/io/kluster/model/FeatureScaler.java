package io.kluster.model;

import java.util.Arrays;

/**
 * A per-feature affine map {@code (x - offset) / scale} applied before the encoder.
 *
 * <p>Deep clustering is sensitive to the scale of its inputs; a scaler fitted at training time
 * travels inside the model bundle so that every instance scales live records the same way.
 */
public record FeatureScaler(float[] offset, float[] scale) {

    /** How a scaler is fitted. */
    public enum Mode {
        /** Leave features as they are. */
        NONE,
        /** Subtract each feature's mean and divide by its standard deviation. */
        STANDARD,
        /**
         * {@link #NONE} when every feature already lies in [0, 1] (pixels, proportions), else
         * {@link #STANDARD}; standardising pixels would blow up near-constant border pixels.
         */
        AUTO
    }

    /** Validates the two vectors. */
    public FeatureScaler {
        if (offset.length != scale.length) {
            throw new IllegalArgumentException("offset and scale differ in length");
        }
        for (float s : scale) {
            if (!(s > 0) || !Float.isFinite(s)) {
                throw new IllegalArgumentException("scales must be positive and finite");
            }
        }
    }

    /** The identity scaler for a dimension. */
    public static FeatureScaler identity(int dimension) {
        float[] ones = new float[dimension];
        java.util.Arrays.fill(ones, 1f);
        return new FeatureScaler(new float[dimension], ones);
    }

    /** Fits a scaler to the rows of {@code data} in the given mode. */
    public static FeatureScaler fit(float[][] data, Mode mode) {
        if (data.length == 0) {
            throw new IllegalArgumentException("cannot fit a scaler to no data");
        }
        int d = data[0].length;
        if (mode == Mode.NONE || (mode == Mode.AUTO && withinUnitInterval(data))) {
            return identity(d);
        }
        double[] mean = new double[d];
        for (float[] row : data) {
            for (int j = 0; j < d; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= data.length;
        }
        double[] var = new double[d];
        for (float[] row : data) {
            for (int j = 0; j < d; j++) {
                double dev = row[j] - mean[j];
                var[j] += dev * dev;
            }
        }
        float[] offset = new float[d];
        float[] scale = new float[d];
        for (int j = 0; j < d; j++) {
            offset[j] = (float) mean[j];
            double std = Math.sqrt(var[j] / data.length);
            // A constant feature carries no information; leave it centred at zero rather than dividing by ~0.
            scale[j] = std > 1e-6 ? (float) std : 1f;
        }
        return new FeatureScaler(offset, scale);
    }

    private static boolean withinUnitInterval(float[][] data) {
        for (float[] row : data) {
            for (float v : row) {
                if (v < 0f || v > 1f) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The input dimension. */
    public int dimension() {
        return offset.length;
    }

    /** True when this scaler changes nothing. */
    public boolean isIdentity() {
        for (int j = 0; j < offset.length; j++) {
            if (offset[j] != 0f || scale[j] != 1f) {
                return false;
            }
        }
        return true;
    }

    /** Scales {@code in} into {@code out} at {@code outOffset}. */
    public void apply(float[] in, float[] out, int outOffset) {
        for (int j = 0; j < in.length; j++) {
            out[outOffset + j] = (in[j] - offset[j]) / scale[j];
        }
    }

    /** Equal when offsets and scales are, by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureScaler other && Arrays.equals(offset, other.offset) && Arrays.equals(scale, other.scale);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(offset) + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "FeatureScaler[offset=" + Arrays.toString(offset) + ", scale=" + Arrays.toString(scale) + "]";
    }
}
