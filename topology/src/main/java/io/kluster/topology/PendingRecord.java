package io.kluster.topology;

/**
 * A valid record waiting for assignment or training: its id, features, optional label and the
 * timestamp of the input record, which the assignment keeps.
 */
public record PendingRecord(String id, float[] features, String label, long timestamp) {

    /** Rejects missing parts. */
    public PendingRecord {
        if (id == null || features == null) {
            throw new IllegalArgumentException("a pending record needs an id and features");
        }
    }
}
