package io.kluster.cluster;

import java.util.Arrays;
import java.util.Locale;

/**
 * One change to the set of published clusters, made by the model of {@code version}.
 *
 * <ul>
 *   <li>{@code created}: {@code ids} is the new cluster, which shares no records with any earlier one;
 *   <li>{@code split}: {@code ids[0]} kept its id on the larger part, the others are new ids for the
 *       parts that split from it;
 *   <li>{@code merged}: {@code ids[0]} survives, the others merged into it and are retired;
 *   <li>{@code retired}: {@code ids} is gone, its records now spread over other clusters or gone too.
 * </ul>
 *
 * @param version the model version that made the change
 * @param kind what happened
 * @param ids the clusters involved, the one that continues first
 * @param sizes the records of each of {@code ids} in the buffer the change was decided on: after the
 *     change for created and split, before it for merged and retired (for a retirement between
 *     retrains, the cluster's decayed weight in records)
 */
public record ClusterEvent(long version, Kind kind, int[] ids, long[] sizes) {

    /** What happened to the clusters. */
    public enum Kind {
        /** A cluster with no predecessor. */
        CREATED,
        /** A cluster that split in parts. */
        SPLIT,
        /** Clusters that merged into one. */
        MERGED,
        /** A cluster that is gone. */
        RETIRED;

        /** The lower-case name the events topic uses. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind of an {@link #id()}. */
        public static Kind parse(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    /** Validates the shape and copies the arrays. */
    public ClusterEvent {
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, got " + version);
        }
        if (kind == null || ids == null || sizes == null || ids.length != sizes.length || ids.length == 0) {
            throw new IllegalArgumentException("an event needs a kind and one size per id");
        }
        int expected = kind == Kind.SPLIT || kind == Kind.MERGED ? 2 : 1;
        if (kind == Kind.SPLIT || kind == Kind.MERGED ? ids.length < expected : ids.length != expected) {
            throw new IllegalArgumentException(kind.id() + " needs " + (expected == 1 ? "one id" : "two ids or more")
                    + ", got " + Arrays.toString(ids));
        }
        ids = ids.clone();
        sizes = sizes.clone();
    }

    /** A copy made by another model version, for a model that is published under a later one. */
    public ClusterEvent atVersion(long newVersion) {
        return new ClusterEvent(newVersion, kind, ids, sizes);
    }

    /** The ids, a copy. */
    @Override
    public int[] ids() {
        return ids.clone();
    }

    /** The sizes, a copy. */
    @Override
    public long[] sizes() {
        return sizes.clone();
    }

    /** Equal when version, kind, ids and sizes are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ClusterEvent other && version == other.version && kind == other.kind
                && Arrays.equals(ids, other.ids) && Arrays.equals(sizes, other.sizes);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * Long.hashCode(version) + kind.hashCode()) + Arrays.hashCode(ids)) + Arrays.hashCode(sizes);
    }

    @Override
    public String toString() {
        return "v" + version + " " + kind.id() + " " + Arrays.toString(ids) + " sizes " + Arrays.toString(sizes);
    }
}
