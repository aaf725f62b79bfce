package io.kluster.data;

import java.util.Objects;

/** The outcome of parsing one input record: either a {@link Valid} record or a {@link Rejected} one. */
public sealed interface ParseResult permits ParseResult.Valid, ParseResult.Rejected {

    /** Returns true when this is a {@link Valid} result. */
    default boolean isValid() {
        return this instanceof Valid;
    }

    /**
     * A record that parsed and passed every check.
     *
     * @param record the parsed record, never null
     */
    record Valid(FeatureRecord record) implements ParseResult {

        /** Validates that the record is present. */
        public Valid {
            Objects.requireNonNull(record, "record");
        }
    }

    /**
     * A record that failed to parse or failed a check.
     *
     * @param reason  the machine-readable reason, never null
     * @param message a short human-readable explanation including the offending detail
     */
    record Rejected(RejectReason reason, String message) implements ParseResult {

        /** Validates that the reason and message are present. */
        public Rejected {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }
    }
}
