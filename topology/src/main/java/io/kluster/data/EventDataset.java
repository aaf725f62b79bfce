package io.kluster.data;

import io.kluster.fields.FieldSchema;
import io.kluster.fields.FieldValues;
import java.util.List;
import java.util.Objects;

/**
 * An in-memory set of named-field events: row {@code i} has id {@code ids[i]}, fields
 * {@code events.get(i)} and, when the source has labels, ground truth {@code labels[i]}.
 *
 * @param ids one id per event
 * @param events the events' feature fields
 * @param labels one label per event (an event's may be null), or null when the source has none
 */
public record EventDataset(String[] ids, List<FieldValues> events, String[] labels) {

    /** Validates that the parts agree in length. */
    public EventDataset {
        Objects.requireNonNull(ids, "ids");
        events = List.copyOf(events);
        if (ids.length != events.size() || (labels != null && labels.length != ids.length)) {
            throw new IllegalArgumentException("ids, events and labels differ in length");
        }
    }

    /** The number of events. */
    public int size() {
        return ids.length;
    }

    /** The events as feature vectors under {@code schema}, with their ids and labels. */
    public Dataset encode(FieldSchema schema) {
        return new Dataset(ids, schema.encodeAll(events), labels);
    }
}
