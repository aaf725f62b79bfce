package io.kluster.fields;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How one field becomes a block of the encoded feature vector, fitted on training records. Every
 * block is multiplied by its {@link #weight()}, chosen by {@link FieldSchema} so that each field
 * counts the same in the distance between two records, whatever its width.
 */
public sealed interface FieldEncoder permits FieldEncoder.Numeric, FieldEncoder.Categorical, FieldEncoder.Bool,
        FieldEncoder.Text {

    /** Scaled numeric values are clipped to ±this, so one absurd value cannot outweigh every other field. */
    double CLIP = 10.0;

    /** The field's name or JSON Pointer. */
    String name();

    /** The field's type. */
    FieldType type();

    /** How many features the field takes. */
    int width();

    /** The weight every feature of the block is multiplied by. */
    double weight();

    /** The same encoder with another weight. */
    FieldEncoder withWeight(double weight);

    /** Writes the block of {@code value} (null when missing) at {@code out[offset..offset+width)}, weighted. */
    void encode(Object value, float[] out, int offset);

    /**
     * A number, centred on the training median and divided by the interquartile range / 1.349 (the
     * standard deviation of a normal field, but not moved by outliers). A heavy-tailed field (more
     * than 1% of training values beyond 4 such units) also goes through asinh, which is linear
     * near zero and logarithmic in the tails, so that large amounts are spread out rather than
     * crushing the rest into one point. When training saw missing values, a second feature is 1
     * for a missing value, which is imputed by the median.
     *
     * @param name the field
     * @param center the training median
     * @param scale the robust scale, positive
     * @param logTails whether values go through asinh after scaling
     * @param missingIndicator whether the block has the missing-value feature
     * @param weight the block weight
     */
    record Numeric(String name, double center, double scale, boolean logTails, boolean missingIndicator, double weight)
            implements FieldEncoder {

        /** Validates the scale. */
        public Numeric {
            Objects.requireNonNull(name, "name");
            if (!(scale > 0) || !Double.isFinite(scale) || !Double.isFinite(center)) {
                throw new IllegalArgumentException("numeric field '" + name + "' needs a finite centre and a positive scale");
            }
        }

        /** Fits the centre, scale and tails to the readable training values; {@code missing} of them were absent. */
        static Numeric fit(String name, double[] values, int missing) {
            double[] sorted = values.clone();
            java.util.Arrays.sort(sorted);
            double center = sorted.length == 0 ? 0 : quantile(sorted, 0.5);
            double scale = sorted.length == 0 ? 1 : (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / 1.349;
            if (!(scale > 1e-12)) {
                scale = standardDeviation(sorted);
            }
            if (!(scale > 1e-12)) {
                scale = 1;
            }
            int far = 0;
            for (double v : sorted) {
                if (Math.abs(v - center) / scale > 4) {
                    far++;
                }
            }
            return new Numeric(name, center, scale, far > 0.01 * sorted.length, missing > 0, 1.0);
        }

        /** The value's position after scaling and the tail transform, unweighted and clipped. */
        public double scaled(double value) {
            double z = (value - center) / scale;
            if (logTails) {
                z = asinh(z);
            }
            return Math.max(-CLIP, Math.min(CLIP, z));
        }

        @Override
        public FieldType type() {
            return FieldType.NUMERIC;
        }

        @Override
        public int width() {
            return missingIndicator ? 2 : 1;
        }

        @Override
        public Numeric withWeight(double newWeight) {
            return new Numeric(name, center, scale, logTails, missingIndicator, newWeight);
        }

        @Override
        public void encode(Object value, float[] out, int offset) {
            double x = FieldType.asNumber(value);
            boolean missing = !Double.isFinite(x);
            out[offset] = missing ? 0f : (float) (weight * scaled(x));
            if (missingIndicator) {
                out[offset + 1] = missing ? (float) weight : 0f;
            }
        }

        private static double asinh(double x) {
            return Math.signum(x) * Math.log(Math.abs(x) + Math.sqrt(x * x + 1));
        }

        private static double quantile(double[] sorted, double q) {
            double position = q * (sorted.length - 1);
            int lower = (int) Math.floor(position);
            int upper = Math.min(lower + 1, sorted.length - 1);
            return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
        }

        private static double standardDeviation(double[] values) {
            if (values.length < 2) {
                return 0;
            }
            double mean = 0;
            for (double v : values) {
                mean += v;
            }
            mean /= values.length;
            double sum = 0;
            for (double v : values) {
                sum += (v - mean) * (v - mean);
            }
            return Math.sqrt(sum / values.length);
        }
    }

    /**
     * A category, one-hot over the most frequent training values ({@link #MAX_VALUES} at most, each
     * seen at least twice when the training set has more than 100 records), plus a last slot for
     * any other value, including one first seen after training. A missing value is all zeros.
     *
     * @param name the field
     * @param values the categories with a slot of their own, most frequent first
     * @param weight the block weight
     */
    record Categorical(String name, List<String> values, double weight) implements FieldEncoder {

        /** The most categories a field keeps a slot for; the rest share the "other" slot. */
        public static final int MAX_VALUES = 32;

        /** Copies the values. */
        public Categorical {
            Objects.requireNonNull(name, "name");
            values = List.copyOf(values);
        }

        /** Keeps the most frequent of the training values. */
        static Categorical fit(String name, List<String> seen) {
            Map<String, Integer> counts = new HashMap<>();
            for (String v : seen) {
                counts.merge(v, 1, Integer::sum);
            }
            int minCount = seen.size() > 100 ? 2 : 1;
            List<String> kept = counts.entrySet().stream()
                    .filter(e -> e.getValue() >= minCount)
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .limit(MAX_VALUES)
                    .map(Map.Entry::getKey)
                    .toList();
            return new Categorical(name, kept, 1.0);
        }

        /** The slot of a value: its own, or the last ("other") one. */
        public int slot(String value) {
            int index = values.indexOf(value);
            return index < 0 ? values.size() : index;
        }

        @Override
        public FieldType type() {
            return FieldType.CATEGORICAL;
        }

        @Override
        public int width() {
            return values.size() + 1;
        }

        @Override
        public Categorical withWeight(double newWeight) {
            return new Categorical(name, values, newWeight);
        }

        @Override
        public void encode(Object value, float[] out, int offset) {
            java.util.Arrays.fill(out, offset, offset + width(), 0f);
            if (value != null) {
                out[offset + slot(FieldType.asText(value))] = (float) weight;
            }
        }
    }

    /**
     * A flag: 1 for true, 0 for false, the training share of true for a missing value.
     *
     * @param name the field
     * @param fill the value of a missing flag
     * @param weight the block weight
     */
    record Bool(String name, double fill, double weight) implements FieldEncoder {

        /** Validates the fill. */
        public Bool {
            Objects.requireNonNull(name, "name");
            if (!(fill >= 0 && fill <= 1)) {
                throw new IllegalArgumentException("boolean field '" + name + "' needs a fill in [0, 1], got " + fill);
            }
        }

        @Override
        public FieldType type() {
            return FieldType.BOOLEAN;
        }

        @Override
        public int width() {
            return 1;
        }

        @Override
        public Bool withWeight(double newWeight) {
            return new Bool(name, fill, newWeight);
        }

        @Override
        public void encode(Object value, float[] out, int offset) {
            Boolean b = FieldType.asBoolean(value);
            out[offset] = (float) (weight * (b == null ? fill : b ? 1 : 0));
        }
    }

    /**
     * Free text as counts of its tokens (lower-cased runs of letters and digits) hashed into
     * {@code buckets} slots, each count c written as log(1 + c), the block then scaled to unit
     * length so that a long text does not weigh more than a short one. Empty or missing text is
     * all zeros.
     *
     * @param name the field
     * @param buckets the number of hash buckets
     * @param weight the block weight
     */
    record Text(String name, int buckets, double weight) implements FieldEncoder {

        /** Buckets of a text field. */
        public static final int DEFAULT_BUCKETS = 32;

        /** Validates the buckets. */
        public Text {
            Objects.requireNonNull(name, "name");
            if (buckets < 1) {
                throw new IllegalArgumentException("text field '" + name + "' needs at least one bucket");
            }
        }

        /** The tokens of a text: lower-cased runs of letters and digits, in order. */
        public static List<String> tokens(String text) {
            List<String> tokens = new ArrayList<>();
            String lower = text.toLowerCase(Locale.ROOT);
            int start = -1;
            for (int i = 0; i <= lower.length(); i++) {
                boolean inToken = i < lower.length() && Character.isLetterOrDigit(lower.charAt(i));
                if (inToken && start < 0) {
                    start = i;
                } else if (!inToken && start >= 0) {
                    tokens.add(lower.substring(start, i));
                    start = -1;
                }
            }
            return tokens;
        }

        /** The bucket of a token: FNV-1a of its UTF-8 bytes, so every JVM and release agrees. */
        public int bucket(String token) {
            int hash = 0x811C9DC5;
            for (byte b : token.getBytes(StandardCharsets.UTF_8)) {
                hash ^= b & 0xFF;
                hash *= 0x01000193;
            }
            return Integer.remainderUnsigned(hash, buckets);
        }

        @Override
        public FieldType type() {
            return FieldType.TEXT;
        }

        @Override
        public int width() {
            return buckets;
        }

        @Override
        public Text withWeight(double newWeight) {
            return new Text(name, buckets, newWeight);
        }

        @Override
        public void encode(Object value, float[] out, int offset) {
            java.util.Arrays.fill(out, offset, offset + buckets, 0f);
            if (value == null) {
                return;
            }
            int[] counts = new int[buckets];
            for (String token : tokens(FieldType.asText(value))) {
                counts[bucket(token)]++;
            }
            double norm = 0;
            double[] logs = new double[buckets];
            for (int b = 0; b < buckets; b++) {
                logs[b] = Math.log1p(counts[b]);
                norm += logs[b] * logs[b];
            }
            if (norm == 0) {
                return;
            }
            double factor = weight / Math.sqrt(norm);
            for (int b = 0; b < buckets; b++) {
                out[offset + b] = (float) (logs[b] * factor);
            }
        }
    }
}
