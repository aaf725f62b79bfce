package io.kluster.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps published cluster ids stable across retrains by matching new centroids to old ones, and
 * names what changed when the number of clusters does: splits, merges, new and retired clusters.
 *
 * <p>Both models assign the same buffer of records; the new centroid that shares the most records
 * with an old cluster inherits its id, with the total overlap maximised by the Hungarian method.
 */
public final class ClusterIdMatcher {

    private ClusterIdMatcher() {
    }

    /** The ids a new model publishes its clusters under, and its lineage continued by what changed. */
    public record Match(int[] ids, ClusterLineage lineage) {

        /** Copies the ids. */
        public Match {
            ids = ids.clone();
        }

        /** The id of each new centroid, a copy. */
        @Override
        public int[] ids() {
            return ids.clone();
        }

        /** The changes the match made, all of the new model's version. */
        public List<ClusterEvent> events(long version) {
            return lineage.eventsOf(version);
        }
    }

    /**
     * Matches the {@code newK} centroids of the model of {@code version} to the clusters of the
     * current one, and says what changed.
     *
     * <p>The current model publishes centroid {@code j} as {@code oldIds[j]} and put buffer record
     * {@code i} in centroid {@code oldAssignments[i]}; the new model put it in
     * {@code newAssignments[i]}, in [0, newK). The pairs of old and new clusters that share the most
     * records in total (the Hungarian method) continue: the new one keeps the old id. Then, for
     * clusters left unpaired, by where most of their records went or came from:
     * <ul>
     *   <li>a new cluster whose records came mostly from a continuing cluster split from it and takes a
     *       new id; the continuing part, which holds the most of the parent's records, keeps its id;
     *   <li>an old cluster whose records went mostly to one new cluster merged into it and is retired;
     *       the id that continues is of the old cluster that gave the merged one the most records;
     *   <li>a new cluster that shares no record with an old one is created, with a new id;
     *   <li>an old cluster that shares none with a new one is retired.
     * </ul>
     * A new id is always {@code lineage.nextId()} and up, so no id is ever given to a second cluster.
     */
    public static Match match(int[] oldIds, int[] oldAssignments, int[] newAssignments, int newK,
            ClusterLineage lineage, long version) {
        checkIds(oldIds, "oldIds");
        if (newK < 1) {
            throw new IllegalArgumentException("newK must be at least 1, got " + newK);
        }
        checkSameLength(oldAssignments, newAssignments, "oldAssignments", "newAssignments");
        checkIndices(oldAssignments, oldIds.length, "oldAssignments");
        checkIndices(newAssignments, newK, "newAssignments");
        int oldK = oldIds.length;
        long[][] overlap = new long[newK][oldK];
        long[] oldSizes = new long[oldK];
        long[] newSizes = new long[newK];
        for (int i = 0; i < oldAssignments.length; i++) {
            overlap[newAssignments[i]][oldAssignments[i]]++;
            oldSizes[oldAssignments[i]]++;
            newSizes[newAssignments[i]]++;
        }
        double[][] weights = new double[newK][oldK];
        for (int j = 0; j < newK; j++) {
            for (int o = 0; o < oldK; o++) {
                weights[j][o] = overlap[j][o];
            }
        }
        int[] pairs = Hungarian.maximumWeightAssignment(weights);
        // The Hungarian method pairs off rows even at zero overlap; such a pair shares no record, so
        // inheriting the id would only suggest a continuity that is not there.
        int[] parentOf = new int[newK];
        int[] childOf = new int[oldK];
        Arrays.fill(childOf, -1);
        for (int j = 0; j < newK; j++) {
            parentOf[j] = pairs[j] >= 0 && overlap[j][pairs[j]] > 0 ? pairs[j] : -1;
            if (parentOf[j] >= 0) {
                childOf[parentOf[j]] = j;
            }
        }
        // In an optimal pairing no unpaired new cluster shares records with an unpaired old one (pairing
        // them would add to the total), so a split's source and a merge's target are always paired; nor
        // does an unpaired part hold more of its source than the paired part (swapping them would add),
        // so the paired part is the one that keeps the id, of a split as of a merge.
        // Unpaired new clusters: parts split from a continuing cluster, or created.
        Map<Integer, List<Integer>> splits = new TreeMap<>();
        List<Integer> created = new ArrayList<>();
        for (int j = 0; j < newK; j++) {
            if (parentOf[j] < 0) {
                int source = argmaxColumn(overlap[j]);
                if (overlap[j][source] > 0) {
                    splits.computeIfAbsent(source, o -> new ArrayList<>()).add(j);
                } else {
                    created.add(j);
                }
            }
        }
        // Unpaired old clusters: merged into the new cluster that took most of their records, or retired.
        Map<Integer, List<Integer>> merges = new TreeMap<>();
        List<Integer> retired = new ArrayList<>();
        for (int o = 0; o < oldK; o++) {
            if (childOf[o] < 0) {
                int target = argmaxRow(overlap, o);
                if (overlap[target][o] > 0) {
                    merges.computeIfAbsent(target, j -> new ArrayList<>()).add(o);
                } else {
                    retired.add(o);
                }
            }
        }
        int[] newIds = new int[newK];
        for (int j = 0; j < newK; j++) {
            newIds[j] = parentOf[j] >= 0 ? oldIds[parentOf[j]] : -1;
        }
        int nextId = lineage.nextId();
        List<ClusterEvent> events = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> split : splits.entrySet()) {
            int parent = split.getKey();
            List<Integer> parts = new ArrayList<>(split.getValue());
            parts.add(0, childOf[parent]);
            for (int j : split.getValue()) {
                newIds[j] = nextId++;
            }
            events.add(event(version, ClusterEvent.Kind.SPLIT, parts, newIds, newSizes));
        }
        for (int j : created) {
            newIds[j] = nextId++;
            events.add(new ClusterEvent(version, ClusterEvent.Kind.CREATED, new int[] {newIds[j]},
                    new long[] {newSizes[j]}));
        }
        for (Map.Entry<Integer, List<Integer>> merge : merges.entrySet()) {
            int target = merge.getKey();
            List<Integer> sources = new ArrayList<>(merge.getValue());
            sources.add(0, parentOf[target]);
            int[] ids = sources.stream().mapToInt(o -> oldIds[o]).toArray();
            long[] sizes = sources.stream().mapToLong(o -> oldSizes[o]).toArray();
            events.add(new ClusterEvent(version, ClusterEvent.Kind.MERGED, ids, sizes));
        }
        for (int o : retired) {
            events.add(new ClusterEvent(version, ClusterEvent.Kind.RETIRED, new int[] {oldIds[o]},
                    new long[] {oldSizes[o]}));
        }
        return new Match(newIds, lineage.then(events, nextId));
    }

    private static ClusterEvent event(long version, ClusterEvent.Kind kind, List<Integer> clusters, int[] ids,
            long[] sizes) {
        return new ClusterEvent(version, kind, clusters.stream().mapToInt(j -> ids[j]).toArray(),
                clusters.stream().mapToLong(j -> sizes[j]).toArray());
    }

    private static int argmaxColumn(long[] row) {
        int best = 0;
        for (int o = 1; o < row.length; o++) {
            if (row[o] > row[best]) {
                best = o;
            }
        }
        return best;
    }

    private static int argmaxRow(long[][] overlap, int column) {
        int best = 0;
        for (int j = 1; j < overlap.length; j++) {
            if (overlap[j][column] > overlap[best][column]) {
                best = j;
            }
        }
        return best;
    }

    /**
     * Returns the fraction of records whose published id is the same under both models, with ids
     * and assignments as in {@link #match}; an empty buffer agrees vacuously, with 1.0.
     */
    public static double agreement(int[] oldIds, int[] oldAssignments, int[] newIds, int[] newAssignments) {
        checkIds(oldIds, "oldIds");
        checkIds(newIds, "newIds");
        checkSameLength(oldAssignments, newAssignments, "oldAssignments", "newAssignments");
        checkIndices(oldAssignments, oldIds.length, "oldAssignments");
        checkIndices(newAssignments, newIds.length, "newAssignments");
        if (oldAssignments.length == 0) {
            return 1.0;
        }
        int same = 0;
        for (int i = 0; i < oldAssignments.length; i++) {
            if (oldIds[oldAssignments[i]] == newIds[newAssignments[i]]) {
                same++;
            }
        }
        return (double) same / oldAssignments.length;
    }

    private static void checkIds(int[] ids, String name) {
        if (ids == null || ids.length == 0) {
            throw new IllegalArgumentException(name + " must have at least one id");
        }
        Set<Integer> seen = new HashSet<>();
        for (int j = 0; j < ids.length; j++) {
            if (ids[j] < 0) {
                throw new IllegalArgumentException(name + "[" + j + "] must be non-negative, got " + ids[j]);
            }
            if (!seen.add(ids[j])) {
                throw new IllegalArgumentException(name + " must be distinct, but " + ids[j] + " repeats");
            }
        }
    }

    private static void checkSameLength(int[] a, int[] b, String nameA, String nameB) {
        if (a == null || b == null) {
            throw new IllegalArgumentException(nameA + " and " + nameB + " must not be null");
        }
        if (a.length != b.length) {
            throw new IllegalArgumentException(nameA + " has " + a.length + " records but "
                    + nameB + " has " + b.length);
        }
    }

    private static void checkIndices(int[] assignments, int k, String name) {
        for (int i = 0; i < assignments.length; i++) {
            if (assignments[i] < 0 || assignments[i] >= k) {
                throw new IllegalArgumentException(
                        name + "[" + i + "] must be in [0, " + k + "), got " + assignments[i]);
            }
        }
    }
}
