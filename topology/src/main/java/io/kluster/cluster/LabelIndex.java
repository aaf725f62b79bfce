package io.kluster.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps arbitrary string labels to dense ints {@code 0, 1, 2, ...} in order of first appearance.
 *
 * <p>Not thread-safe: {@link #indexOf(String)} mutates the index, so confine an instance to one
 * thread or synchronise externally.
 */
public final class LabelIndex {

    private final Map<String, Integer> indices = new HashMap<>();
    private final List<String> labels = new ArrayList<>();

    /** Creates an empty index. */
    public LabelIndex() {
    }

    /** Returns the index of {@code label}, assigning the next free index when it is new. */
    public int indexOf(String label) {
        if (label == null) {
            throw new IllegalArgumentException("label must not be null");
        }
        Integer index = indices.get(label);
        if (index != null) {
            return index;
        }
        int next = labels.size();
        indices.put(label, next);
        labels.add(label);
        return next;
    }

    /** Returns the label at {@code index}. */
    public String labelOf(int index) {
        if (index < 0 || index >= labels.size()) {
            throw new IllegalArgumentException(
                    "index " + index + " is out of range for " + labels.size() + " labels");
        }
        return labels.get(index);
    }

    /** Returns the number of distinct labels seen so far. */
    public int size() {
        return labels.size();
    }

    /** Encodes {@code labels} as dense ints in order of first appearance. */
    public static int[] encode(String[] labels) {
        if (labels == null) {
            throw new IllegalArgumentException("labels must not be null");
        }
        LabelIndex index = new LabelIndex();
        int[] encoded = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == null) {
                throw new IllegalArgumentException("labels[" + i + "] must not be null");
            }
            encoded[i] = index.indexOf(labels[i]);
        }
        return encoded;
    }

    /** Shows the number of labels. */
    @Override
    public String toString() {
        return "LabelIndex[size=" + labels.size() + "]";
    }
}
