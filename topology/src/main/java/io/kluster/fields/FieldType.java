package io.kluster.fields;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How a named field of an event is read and encoded. */
public enum FieldType {

    /** A number, or a string that reads as one; scaled robustly, missing values imputed with an indicator. */
    NUMERIC,
    /** A value out of a small set; one-hot over the values seen in training, with an "other" slot. */
    CATEGORICAL,
    /** true or false (also "true"/"false", "yes"/"no", 1/0); 0 or 1. */
    BOOLEAN,
    /** Free text; hashed token counts into a fixed number of buckets. */
    TEXT;

    /**
     * Cells that mean "no value" in CSV files as R, pandas and spreadsheets write them; a CSV cell
     * holding one is missing.
     */
    public static final java.util.Set<String> MISSING_MARKERS = java.util.Set.of("NA", "N/A", "n/a", "NaN", "nan",
            "null", "NULL", "None", "?", "-");

    /** Whether a value read from an event can be read as this type (a field's declared type must). */
    public boolean accepts(Object value) {
        return switch (this) {
            case NUMERIC -> Double.isFinite(asNumber(value));
            case BOOLEAN -> asBoolean(value) != null;
            case CATEGORICAL, TEXT -> value instanceof String || value instanceof Double || value instanceof Boolean;
        };
    }

    /** A value as a number: a number itself, or a string that reads as one; NaN when it is neither. */
    public static double asNumber(Object value) {
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof String s) {
            String t = s.trim();
            if (!t.isEmpty() && t.length() < 40 && (Character.isDigit(t.charAt(t.length() - 1)) || t.endsWith("."))) {
                try {
                    return Double.parseDouble(t);
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
        }
        return Double.NaN;
    }

    /** A value as a boolean: true/false, "true"/"false"/"yes"/"no"/"1"/"0" in any case, or 1/0; else null. */
    public static Boolean asBoolean(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Double d) {
            return d == 1.0 ? Boolean.TRUE : d == 0.0 ? Boolean.FALSE : null;
        }
        if (value instanceof String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1" -> Boolean.TRUE;
                case "false", "no", "0" -> Boolean.FALSE;
                default -> null;
            };
        }
        return null;
    }

    /** A value as text: a string itself, a whole number without its ".0", a boolean as true/false. */
    public static String asText(Object value) {
        if (value instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue()) : String.valueOf(d);
        }
        return String.valueOf(value);
    }

    /** The name used in configuration and in model bundles, e.g. {@code numeric}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a type name, ignoring case.
     *
     * @throws IllegalArgumentException naming the valid values when {@code name} is not one
     */
    public static FieldType parse(String name) {
        String wanted = name == null ? "" : name.trim();
        for (FieldType type : values()) {
            if (type.name().equalsIgnoreCase(wanted)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown field type '" + name + "'; valid types: "
                + Arrays.stream(values()).map(FieldType::id).collect(Collectors.joining(", ")));
    }
}
