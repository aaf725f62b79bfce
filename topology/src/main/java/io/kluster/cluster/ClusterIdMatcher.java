package io.kluster.cluster;

import java.util.HashSet;
import java.util.Set;

/**
 * Keeps published cluster ids stable across retrains by matching new centroids to old ones.
 *
 * <p>Both models assign the same buffer of records; the new centroid that shares the most records
 * with an old cluster inherits its id, with the total overlap maximised by the Hungarian method.
 */
public final class ClusterIdMatcher {

    private ClusterIdMatcher() {
    }

    /**
     * Returns the id to publish for each of the {@code newK} new centroids.
     *
     * <p>The old model publishes centroid {@code j} as {@code oldIds[j]} and put buffer record
     * {@code i} in centroid {@code oldAssignments[i]}; the new model put it in
     * {@code newAssignments[i]}, in [0, newK). A new centroid matched to an old cluster with which
     * it shares at least one record takes that cluster's id. Every other new centroid, in index
     * order, takes the smallest non-negative id not yet in use, so ids stay small: for the usual
     * ids 0..oldK-1 that means ids freed by unmatched old clusters first, then fresh ones from oldK.
     * The ids returned are distinct and non-negative.
     */
    public static int[] matchIds(int[] oldIds, int[] oldAssignments, int[] newAssignments, int newK) {
        checkIds(oldIds, "oldIds");
        if (newK < 1) {
            throw new IllegalArgumentException("newK must be at least 1, got " + newK);
        }
        checkSameLength(oldAssignments, newAssignments, "oldAssignments", "newAssignments");
        checkIndices(oldAssignments, oldIds.length, "oldAssignments");
        checkIndices(newAssignments, newK, "newAssignments");
        double[][] overlap = new double[newK][oldIds.length];
        for (int i = 0; i < oldAssignments.length; i++) {
            overlap[newAssignments[i]][oldAssignments[i]]++;
        }
        int[] match = Hungarian.maximumWeightAssignment(overlap);
        int[] newIds = new int[newK];
        Set<Integer> used = new HashSet<>();
        for (int j = 0; j < newK; j++) {
            // The Hungarian method pairs off rows even at zero overlap; such a pair shares no
            // record, so inheriting the id would only suggest a continuity that is not there.
            if (match[j] >= 0 && overlap[j][match[j]] > 0) {
                newIds[j] = oldIds[match[j]];
                used.add(newIds[j]);
            } else {
                newIds[j] = -1;
            }
        }
        int candidate = 0;
        for (int j = 0; j < newK; j++) {
            if (newIds[j] < 0) {
                while (used.contains(candidate)) {
                    candidate++;
                }
                newIds[j] = candidate;
                used.add(candidate);
            }
        }
        return newIds;
    }

    /**
     * Returns the fraction of records whose published id is the same under both models, with ids
     * and assignments as in {@link #matchIds}; an empty buffer agrees vacuously, with 1.0.
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
