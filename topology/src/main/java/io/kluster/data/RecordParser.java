package io.kluster.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.kluster.fields.FieldsSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * Turns raw Kafka record bytes into a {@link ParseResult}, never throwing.
 *
 * <p>JSON values look like {@code {"id": "a1", "features": [0.5, 1, -2e-3], "label": 7}}:
 * <ul>
 *   <li>{@code id} is a string or a number; when absent, null or empty the record key (UTF-8)
 *       is the id.</li>
 *   <li>{@code features} is a non-empty array of finite numbers that fit a float.</li>
 *   <li>{@code label} is optional: an integer (kept as its decimal text) or a string.</li>
 *   <li>Other fields are skipped, whatever they contain, as long as the document nests no
 *       deeper than {@link #MAX_NESTING_DEPTH}.</li>
 * </ul>
 * BINARY values are little-endian float32 vectors whose id is the record key. FIELDS values are
 * JSON objects whose named fields are the features, read as {@link FieldRecordParser} says.
 *
 * <p>Checks run in document order and the first problem found is reported; for instance a
 * nested array inside {@code features} is reported as {@link RejectReason#NON_NUMERIC_FEATURE}
 * as soon as it opens, before its own depth is known. Size is checked before anything is
 * parsed, so an oversized value costs nothing.
 *
 * <p>Instances are immutable apart from a racy capacity hint and are safe to share between
 * threads. JSON is read with Jackson's streaming parser and features are accumulated into a
 * primitive array, so a valid record costs one parser and usually one float[] allocation.
 */
public final class RecordParser {

    /** Default upper bound on the size of one value, in bytes (1 MiB). */
    public static final int DEFAULT_MAX_VALUE_BYTES = 1_048_576;

    /** Default upper bound on the number of features in one record. */
    public static final int DEFAULT_MAX_FEATURES = 65_536;

    /** The deepest JSON nesting accepted; the root object counts as depth one. */
    public static final int MAX_NESTING_DEPTH = 32;

    /** Echoed input in messages is cut to this many characters so headers stay small. */
    private static final int MAX_ECHO_CHARS = 40;

    /** Jackson's own messages are cut to this many characters. */
    private static final int MAX_MESSAGE_CHARS = 200;

    /** Starting capacity of the feature buffer before any record has been seen. */
    private static final int INITIAL_CAPACITY = 64;

    private final InputFormat format;
    private final int maxValueBytes;
    private final int maxFeatures;
    private final int expectedDimension;
    private final JsonFactory jsonFactory;
    private final FieldRecordParser fieldParser;

    /**
     * The length of the last valid JSON vector, used to size the next buffer so that a stream
     * of equal-length vectors needs no regrowth; racy by design, any value is correct.
     */
    private volatile int capacityHint;

    private RecordParser(Builder builder) {
        this.format = builder.format;
        this.maxValueBytes = builder.maxValueBytes;
        this.maxFeatures = builder.maxFeatures;
        this.expectedDimension = builder.expectedDimension;
        this.capacityHint = Math.min(INITIAL_CAPACITY, maxFeatures);
        // One factory per parser: it is thread-safe and owns the symbol tables and buffer
        // recyclers that make repeated parsing cheap.
        this.jsonFactory = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .build())
            .build();
        this.fieldParser = format == InputFormat.FIELDS
            ? new FieldRecordParser(builder.fields, maxFeatures, jsonFactory) : null;
    }

    /** Returns a builder with the defaults: JSON, 1 MiB values, 65,536 features, any dimension. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the configured input format. */
    public InputFormat format() {
        return format;
    }

    /** Returns the largest accepted value, in bytes. */
    public int maxValueBytes() {
        return maxValueBytes;
    }

    /** Returns the largest accepted number of features. */
    public int maxFeatures() {
        return maxFeatures;
    }

    /** Returns the required number of features, or 0 when any number is accepted. */
    public int expectedDimension() {
        return expectedDimension;
    }

    /**
     * Parses one record; never throws, whatever the bytes.
     *
     * @param key   the record key, may be null; used as the id when the value has none
     * @param value the record value, may be null
     */
    public ParseResult parse(byte[] key, byte[] value) {
        if (value == null || value.length == 0) {
            return new ParseResult.Rejected(RejectReason.EMPTY_VALUE,
                value == null ? "value is null" : "value is empty");
        }
        if (value.length > maxValueBytes) {
            return new ParseResult.Rejected(RejectReason.OVERSIZED,
                "value is " + value.length + " bytes, limit is " + maxValueBytes);
        }
        try {
            return switch (format) {
                case JSON -> parseJson(key, value);
                case BINARY -> parseBinary(key, value);
                case FIELDS -> fieldParser.parse(key, value);
            };
        } catch (Rejection r) {
            return new ParseResult.Rejected(r.reason, r.getMessage());
        } catch (RuntimeException e) {
            // Last line of defence: a bug here must dead-letter one record, not kill the stream.
            return new ParseResult.Rejected(
                format == InputFormat.BINARY ? RejectReason.BAD_BINARY_LENGTH : RejectReason.INVALID_JSON,
                abbreviate("unexpected parser failure: " + e, MAX_MESSAGE_CHARS));
        }
    }

    private ParseResult parseBinary(byte[] key, byte[] value) throws Rejection {
        if (value.length % Float.BYTES != 0) {
            throw new Rejection(RejectReason.BAD_BINARY_LENGTH,
                "value is " + value.length + " bytes, not a multiple of " + Float.BYTES);
        }
        String id = keyAsId(key);
        if (id == null) {
            throw new Rejection(RejectReason.MISSING_ID, "binary values need a record key as id");
        }
        int count = value.length / Float.BYTES;
        checkCount(count);
        float[] features = new float[count];
        ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(features);
        for (int i = 0; i < count; i++) {
            if (!Float.isFinite(features[i])) {
                throw new Rejection(RejectReason.NON_FINITE_FEATURE,
                    "features[" + i + "] is " + features[i]);
            }
        }
        return new ParseResult.Valid(new FeatureRecord(id, features, null));
    }

    private ParseResult parseJson(byte[] key, byte[] value) throws Rejection {
        JsonParser parser = null;
        try {
            parser = jsonFactory.createParser(value);
            return readJson(parser, key);
        } catch (StreamConstraintsException e) {
            // The same exception type covers every constraint; the parser's depth tells which.
            if (parser != null && parser.getParsingContext() != null
                && parser.getParsingContext().getNestingDepth() > MAX_NESTING_DEPTH) {
                throw new Rejection(RejectReason.TOO_DEEP,
                    "JSON nests deeper than " + MAX_NESTING_DEPTH + " levels");
            }
            throw new Rejection(RejectReason.INVALID_JSON, describe(e));
        } catch (JsonProcessingException e) {
            throw new Rejection(RejectReason.INVALID_JSON, describe(e));
        } catch (IOException e) {
            throw new Rejection(RejectReason.INVALID_JSON,
                abbreviate("unreadable JSON: " + e.getMessage(), MAX_MESSAGE_CHARS));
        } finally {
            closeQuietly(parser);
        }
    }

    private ParseResult readJson(JsonParser parser, byte[] key) throws IOException, Rejection {
        JsonToken root = parser.nextToken();
        if (root == null) {
            throw new Rejection(RejectReason.EMPTY_VALUE, "value is only whitespace");
        }
        if (root != JsonToken.START_OBJECT) {
            throw new Rejection(RejectReason.NOT_AN_OBJECT,
                "expected a JSON object, got " + describe(root));
        }
        String id = null;
        float[] features = null;
        String label = null;
        boolean seenId = false;
        boolean seenFeatures = false;
        boolean seenLabel = false;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken fieldValue = parser.nextToken();
            switch (name) {
                case "id" -> {
                    seenId = checkNotDuplicate(seenId, name);
                    id = readId(parser, fieldValue);
                }
                case "features" -> {
                    seenFeatures = checkNotDuplicate(seenFeatures, name);
                    features = readFeatures(parser, fieldValue);
                }
                case "label" -> {
                    seenLabel = checkNotDuplicate(seenLabel, name);
                    label = readLabel(parser, fieldValue);
                }
                // skipChildren walks the subtree through the parser, so depth limits still apply.
                default -> parser.skipChildren();
            }
        }
        if (token != JsonToken.END_OBJECT) {
            throw new Rejection(RejectReason.INVALID_JSON, "JSON object is not closed");
        }
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new Rejection(RejectReason.INVALID_JSON,
                "unexpected " + describe(trailing) + " after the JSON object");
        }
        if (!seenFeatures) {
            throw new Rejection(RejectReason.MISSING_FEATURES, "no \"features\" field");
        }
        if (id == null) {
            id = keyAsId(key);
            if (id == null) {
                throw new Rejection(RejectReason.MISSING_ID, "no \"id\" field and no record key");
            }
        }
        if (expectedDimension > 0 && features.length != expectedDimension) {
            throw wrongDimension(features.length);
        }
        return new ParseResult.Valid(new FeatureRecord(id, features, label));
    }

    private static boolean checkNotDuplicate(boolean seen, String name) throws Rejection {
        // Last-one-wins would let two producers disagree silently about the same record.
        if (seen) {
            throw new Rejection(RejectReason.INVALID_JSON, "duplicate field \"" + name + "\"");
        }
        return true;
    }

    private static String readId(JsonParser parser, JsonToken token) throws IOException, Rejection {
        switch (token) {
            case VALUE_STRING -> {
                String text = parser.getText();
                return text.isEmpty() ? null : text;
            }
            case VALUE_NUMBER_INT -> {
                return parser.getText();
            }
            case VALUE_NUMBER_FLOAT -> {
                if (parser.isNaN()) {
                    throw new Rejection(RejectReason.MISSING_ID,
                        "id must be a string or a finite number, got " + parser.getText());
                }
                return parser.getText();
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new Rejection(RejectReason.MISSING_ID,
                "id must be a string or a number, got " + describe(token));
        }
    }

    private static String readLabel(JsonParser parser, JsonToken token) throws IOException, Rejection {
        return switch (token) {
            case VALUE_STRING, VALUE_NUMBER_INT -> parser.getText();
            case VALUE_NULL -> null;
            case VALUE_NUMBER_FLOAT -> throw new Rejection(RejectReason.BAD_LABEL,
                "label must be an integer or a string, got the float "
                    + abbreviate(parser.getText(), MAX_ECHO_CHARS));
            default -> throw new Rejection(RejectReason.BAD_LABEL,
                "label must be an integer or a string, got " + describe(token));
        };
    }

    private float[] readFeatures(JsonParser parser, JsonToken start) throws IOException, Rejection {
        if (start == JsonToken.VALUE_NULL) {
            throw new Rejection(RejectReason.MISSING_FEATURES, "features is null");
        }
        if (start != JsonToken.START_ARRAY) {
            throw new Rejection(RejectReason.MISSING_FEATURES,
                "features must be an array of numbers, got " + describe(start));
        }
        float[] buffer = new float[initialCapacity()];
        int count = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.VALUE_NUMBER_FLOAT && token != JsonToken.VALUE_NUMBER_INT) {
                throw nonNumeric(parser, token, count);
            }
            if (count == maxFeatures) {
                throw new Rejection(RejectReason.TOO_MANY_FEATURES,
                    "more than " + maxFeatures + " features");
            }
            // getFloatValue rounds the text straight to float; going through double could be
            // off by one ulp.
            float feature = parser.getFloatValue();
            if (!Float.isFinite(feature)) {
                throw new Rejection(RejectReason.NON_FINITE_FEATURE, parser.isNaN()
                    ? "features[" + count + "] is " + parser.getText()
                    : "features[" + count + "] = " + abbreviate(parser.getText(), MAX_ECHO_CHARS)
                        + " overflows a float");
            }
            if (count == buffer.length) {
                buffer = Arrays.copyOf(buffer, (int) Math.min(Math.max(2L * count, 16L), maxFeatures));
            }
            buffer[count++] = feature;
        }
        if (count == 0) {
            throw new Rejection(RejectReason.MISSING_FEATURES, "features is empty");
        }
        capacityHint = count;
        return count == buffer.length ? buffer : Arrays.copyOf(buffer, count);
    }

    private int initialCapacity() {
        int hint = expectedDimension > 0 ? expectedDimension : capacityHint;
        return Math.max(1, Math.min(hint, maxFeatures));
    }

    private static Rejection nonNumeric(JsonParser parser, JsonToken token, int index)
        throws IOException {
        if (token == null) {
            return new Rejection(RejectReason.INVALID_JSON, "features array is not closed");
        }
        String what = token == JsonToken.VALUE_STRING
            ? "a string (\"" + abbreviate(parser.getText(), MAX_ECHO_CHARS) + "\")"
            : token == JsonToken.START_ARRAY ? "a nested array" : describe(token);
        return new Rejection(RejectReason.NON_NUMERIC_FEATURE, "features[" + index + "] is " + what);
    }

    private void checkCount(int count) throws Rejection {
        if (count > maxFeatures) {
            throw new Rejection(RejectReason.TOO_MANY_FEATURES,
                "got " + count + " features, limit is " + maxFeatures);
        }
        if (count == 0) {
            throw new Rejection(RejectReason.MISSING_FEATURES, "features is empty");
        }
        if (expectedDimension > 0 && count != expectedDimension) {
            throw wrongDimension(count);
        }
    }

    private Rejection wrongDimension(int actual) {
        return new Rejection(RejectReason.WRONG_DIMENSION,
            "expected " + expectedDimension + " features, got " + actual);
    }

    private static String keyAsId(byte[] key) {
        return key == null || key.length == 0 ? null : new String(key, StandardCharsets.UTF_8);
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.asString() == null ? token.name() : token.asString();
        };
    }

    private static String describe(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        String where = location == null ? ""
            : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return abbreviate(String.valueOf(e.getOriginalMessage()), MAX_MESSAGE_CHARS) + where;
    }

    private static String abbreviate(String text, int maxChars) {
        return text.length() <= maxChars ? text : text.substring(0, maxChars) + "...";
    }

    private static void closeQuietly(JsonParser parser) {
        if (parser != null) {
            try {
                parser.close();
            } catch (IOException | RuntimeException ignored) {
                // Nothing to release for an in-memory source; the result is already decided.
            }
        }
    }

    /**
     * Carries a rejection out of nested readers; stackless because rejections are data, not bugs.
     */
    private static final class Rejection extends Exception {
        private static final long serialVersionUID = 1L;

        private final transient RejectReason reason;

        Rejection(RejectReason reason, String message) {
            super(message, null, false, false);
            this.reason = reason;
        }
    }

    /** Builds a {@link RecordParser}; every setting has a default. */
    public static final class Builder {

        private InputFormat format = InputFormat.JSON;
        private int maxValueBytes = DEFAULT_MAX_VALUE_BYTES;
        private int maxFeatures = DEFAULT_MAX_FEATURES;
        private int expectedDimension;
        private FieldsSettings fields = FieldsSettings.DEFAULTS;

        private Builder() {
        }

        /** Sets how named-field events are read (format {@link InputFormat#FIELDS}); default every top-level field. */
        public Builder fields(FieldsSettings fields) {
            this.fields = Objects.requireNonNull(fields, "fields");
            return this;
        }

        /** Sets the wire format (default {@link InputFormat#JSON}). */
        public Builder format(InputFormat format) {
            this.format = Objects.requireNonNull(format, "format");
            return this;
        }

        /** Sets the largest accepted value in bytes (default 1 MiB). */
        public Builder maxValueBytes(int maxValueBytes) {
            if (maxValueBytes <= 0) {
                throw new IllegalArgumentException("maxValueBytes must be positive, got " + maxValueBytes);
            }
            this.maxValueBytes = maxValueBytes;
            return this;
        }

        /** Sets the largest accepted number of features (default 65,536). */
        public Builder maxFeatures(int maxFeatures) {
            if (maxFeatures <= 0) {
                throw new IllegalArgumentException("maxFeatures must be positive, got " + maxFeatures);
            }
            this.maxFeatures = maxFeatures;
            return this;
        }

        /** Sets the required number of features; 0 (the default) accepts any number. */
        public Builder expectedDimension(int expectedDimension) {
            if (expectedDimension < 0) {
                throw new IllegalArgumentException(
                    "expectedDimension must be 0 (any) or positive, got " + expectedDimension);
            }
            this.expectedDimension = expectedDimension;
            return this;
        }

        /**
         * Builds the parser.
         *
         * @throws IllegalArgumentException when the expected dimension exceeds the feature limit
         */
        public RecordParser build() {
            if (expectedDimension > maxFeatures) {
                throw new IllegalArgumentException("expectedDimension " + expectedDimension
                    + " exceeds maxFeatures " + maxFeatures);
            }
            return new RecordParser(this);
        }
    }
}
