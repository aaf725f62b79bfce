package io.kluster.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where a model's cluster ids came from: every change to the set of clusters so far, and the next
 * id never used, so that a retired id is never given to something else.
 *
 * @param nextId the smallest id no cluster has ever had; above every id in use
 * @param history the changes, oldest first, at most {@link #MAX_HISTORY} of the latest
 */
public record ClusterLineage(int nextId, List<ClusterEvent> history) {

    /** The most events a model keeps; older ones remain on the events topic. */
    public static final int MAX_HISTORY = 1_000;

    /** Validates and copies. */
    public ClusterLineage {
        if (nextId < 0) {
            throw new IllegalArgumentException("next id must be >= 0, got " + nextId);
        }
        history = List.copyOf(history.size() <= MAX_HISTORY ? history
                : history.subList(history.size() - MAX_HISTORY, history.size()));
    }

    /** The lineage of a model whose clusters have no recorded past: the next id is above every one of {@code ids}. */
    public static ClusterLineage of(int[] ids) {
        return new ClusterLineage(Arrays.stream(ids).max().orElse(-1) + 1, List.of());
    }

    /** The lineage of a first model: each of its clusters is created by {@code version}. */
    public static ClusterLineage created(int[] ids, long[] sizes, long version) {
        List<ClusterEvent> events = new ArrayList<>();
        for (int j = 0; j < ids.length; j++) {
            events.add(new ClusterEvent(version, ClusterEvent.Kind.CREATED, new int[] {ids[j]}, new long[] {sizes[j]}));
        }
        return new ClusterLineage(Arrays.stream(ids).max().orElse(-1) + 1, events);
    }

    /** This lineage continued by {@code events}, with {@code newNextId} (never below this one's). */
    public ClusterLineage then(List<ClusterEvent> events, int newNextId) {
        if (newNextId < nextId) {
            throw new IllegalArgumentException("the next id cannot go back from " + nextId + " to " + newNextId);
        }
        List<ClusterEvent> all = new ArrayList<>(history);
        all.addAll(events);
        return new ClusterLineage(newNextId, all);
    }

    /** The changes made by {@code version}. */
    public List<ClusterEvent> eventsOf(long version) {
        return history.stream().filter(e -> e.version() == version).toList();
    }

    /** A copy in which the changes of {@code from} are re-stamped as made by {@code to}. */
    public ClusterLineage restamped(long from, long to) {
        return new ClusterLineage(nextId, history.stream().map(e -> e.version() == from ? e.atVersion(to) : e).toList());
    }
}
