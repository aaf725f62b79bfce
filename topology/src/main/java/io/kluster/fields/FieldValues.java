package io.kluster.fields;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The feature fields of one event as they were read: each present, non-null field's value as a
 * {@link Double}, a {@link Boolean} or a {@link String}, in the order of the event. A field that
 * is absent or null is missing and simply not here; which type a field is, is the schema's call.
 *
 * @param values field name (or JSON Pointer) to value
 */
public record FieldValues(Map<String, Object> values) {

    /** Copies the map, keeping its order, and rejects values of other types. */
    public FieldValues {
        Map<String, Object> copy = new LinkedHashMap<>(values);
        for (Map.Entry<String, Object> entry : copy.entrySet()) {
            Object v = entry.getValue();
            if (!(v instanceof Double || v instanceof Boolean || v instanceof String)) {
                throw new IllegalArgumentException("field '" + entry.getKey() + "' holds "
                        + (v == null ? "null" : v.getClass().getSimpleName()) + ", not a number, boolean or string");
            }
        }
        values = Collections.unmodifiableMap(copy);
    }

    /** The value of a field, or null when it is missing. */
    public Object get(String name) {
        return values.get(Objects.requireNonNull(name, "name"));
    }

    /** The number of fields present. */
    public int size() {
        return values.size();
    }
}
