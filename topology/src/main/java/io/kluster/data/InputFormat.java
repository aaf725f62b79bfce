package io.kluster.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The wire format of the values on the input topic. */
public enum InputFormat {

    /** A JSON object {@code {"id": ..., "features": [...], "label": ...}}. */
    JSON,

    /** A little-endian float32 vector; the id is the record key and there is no label. */
    BINARY,

    /**
     * A JSON object whose named fields are the features, e.g. {@code {"id": "o-81", "amount": 129.5,
     * "country": "DE", "first_order": true}}; a schema in the model encodes them.
     */
    FIELDS;

    /**
     * Parses a format name, ignoring case and surrounding whitespace.
     *
     * @throws IllegalArgumentException naming the valid values when {@code name} is not one
     */
    public static InputFormat parse(String name) {
        if (name != null) {
            String wanted = name.trim();
            for (InputFormat format : values()) {
                if (format.name().equalsIgnoreCase(wanted)) {
                    return format;
                }
            }
        }
        throw new IllegalArgumentException("unknown input format '" + name + "'; valid values: "
            + Arrays.stream(values())
                .map(f -> f.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")));
    }
}
