package io.kluster.topology;

import io.kluster.fields.FieldValues;

/**
 * A valid record waiting for assignment or training: its id, features (or, for a named-field
 * event, its fields, which the model's schema encodes), optional label and the timestamp of the
 * input record, which the assignment keeps.
 */
public record PendingRecord(String id, float[] features, String label, long timestamp, FieldValues fields) {

    /** Rejects missing parts. */
    public PendingRecord {
        if (id == null || features == null) {
            throw new IllegalArgumentException("a pending record needs an id and features");
        }
    }

    /** A vector record. */
    public PendingRecord(String id, float[] features, String label, long timestamp) {
        this(id, features, label, timestamp, null);
    }
}
