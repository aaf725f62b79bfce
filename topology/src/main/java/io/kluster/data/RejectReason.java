package io.kluster.data;

/**
 * Why an input record was rejected; the {@link #code()} is what goes into the dead-letter
 * {@link DeadLetterHeaders#REASON} header and into metric tags, so it is stable and kebab-case.
 */
public enum RejectReason {

    /** The value is null, empty or only whitespace. */
    EMPTY_VALUE("empty-value"),
    /** The value is longer than the configured maximum number of bytes. */
    OVERSIZED("oversized"),
    /** The value is not well-formed JSON (including bad UTF-8 and trailing garbage). */
    INVALID_JSON("invalid-json"),
    /** The JSON value is well-formed but is not an object. */
    NOT_AN_OBJECT("not-an-object"),
    /** Neither the value nor the record key carries an id. */
    MISSING_ID("missing-id"),
    /** The features are absent, null, not an array or empty. */
    MISSING_FEATURES("missing-features"),
    /** A feature is not a number (a string, null, boolean, array or object). */
    NON_NUMERIC_FEATURE("non-numeric-feature"),
    /** A feature is NaN or infinite, or overflows a float. */
    NON_FINITE_FEATURE("non-finite-feature"),
    /** The JSON nests deeper than the parser allows. */
    TOO_DEEP("too-deep"),
    /** A binary value's length is not a multiple of four bytes. */
    BAD_BINARY_LENGTH("bad-binary-length"),
    /** The vector length differs from the configured expected dimension. */
    WRONG_DIMENSION("wrong-dimension"),
    /** The vector is longer than the configured maximum number of features. */
    TOO_MANY_FEATURES("too-many-features"),
    /** The label is neither an integer nor a string. */
    BAD_LABEL("bad-label"),
    /** A named field whose type is declared holds a value that cannot be read as that type. */
    WRONG_FIELD_TYPE("wrong-field-type"),
    /** A named-field event holds none of the fields the model encodes, or no feature field at all. */
    NO_USABLE_FEATURE("no-usable-feature");

    private final String code;

    RejectReason(String code) {
        this.code = code;
    }

    /** Returns the stable, machine-readable kebab-case code. */
    public String code() {
        return code;
    }

    /**
     * Returns the reason whose {@link #code()} is {@code code}.
     *
     * @throws IllegalArgumentException when no reason has that code
     */
    public static RejectReason fromCode(String code) {
        for (RejectReason reason : values()) {
            if (reason.code.equals(code)) {
                return reason;
            }
        }
        throw new IllegalArgumentException("unknown reject reason code '" + code + "'");
    }
}
