package io.kluster.app.metrics;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the live page draws a feature vector as a grayscale image, row-major.
 *
 * @param width  pixels per row
 * @param height rows
 */
public record ImageShape(int width, int height) {

    /** The setting that guesses the shape from the dimension. */
    public static final String AUTO = "auto";
    /** The setting that turns images off. */
    public static final String NONE = "none";
    private static final Pattern WIDTH_BY_HEIGHT = Pattern.compile("(\\d{1,5})x(\\d{1,5})");

    /** Validates the parts. */
    public ImageShape {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("an image needs a positive width and height, got " + width + "x" + height);
        }
    }

    /** Whether {@code setting} is {@value #AUTO}, {@value #NONE} or WIDTHxHEIGHT. */
    public static boolean isValidSetting(String setting) {
        String s = setting.trim().toLowerCase(Locale.ROOT);
        if (s.equals(AUTO) || s.equals(NONE)) {
            return true;
        }
        Matcher m = WIDTH_BY_HEIGHT.matcher(s);
        return m.matches() && Integer.parseInt(m.group(1)) > 0 && Integer.parseInt(m.group(2)) > 0;
    }

    /**
     * The shape to draw records of {@code dimension} features with, or null for none: {@value #AUTO}
     * draws a square when the dimension is a square number of at least 16 (784 gives 28×28).
     *
     * @throws IllegalArgumentException when WIDTHxHEIGHT does not hold {@code dimension} pixels
     */
    public static ImageShape resolve(String setting, int dimension) {
        String s = setting.trim().toLowerCase(Locale.ROOT);
        if (s.equals(NONE)) {
            return null;
        }
        if (s.equals(AUTO)) {
            int side = (int) Math.round(Math.sqrt(dimension));
            return side >= 4 && side * side == dimension ? new ImageShape(side, side) : null;
        }
        Matcher m = WIDTH_BY_HEIGHT.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("image shape must be auto, none or WIDTHxHEIGHT, got '" + setting + "'");
        }
        ImageShape shape = new ImageShape(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        if ((long) shape.width * shape.height != dimension) {
            throw new IllegalArgumentException("image shape " + s + " holds " + (long) shape.width * shape.height
                    + " pixels, but records have " + dimension + " features");
        }
        return shape;
    }

    /**
     * The record's features as 8-bit gray levels, stretched so its smallest value is black and its
     * largest white: pixel data arrive in any range (0–255, 0–1, standardised).
     */
    public byte[] grayLevels(float[] features) {
        int n = width * height;
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, features[i]);
            max = Math.max(max, features[i]);
        }
        float range = max - min;
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) (range > 0 ? Math.round((features[i] - min) / range * 255f) : 0);
        }
        return out;
    }
}
