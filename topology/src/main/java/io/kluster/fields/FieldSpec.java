package io.kluster.fields;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A field named in {@code kluster.input.fields}: its name as it appears in the JSON (or a JSON
 * Pointer such as {@code /user/country} for a nested one) and its type, or null when the type is
 * to be inferred from the training records.
 *
 * @param name the field's name or JSON Pointer, never blank
 * @param type the declared type, or null to infer it
 */
public record FieldSpec(String name, FieldType type) {

    /** Rejects a blank name. */
    public FieldSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a field name must not be blank");
        }
    }

    /** Whether the name is a JSON Pointer into nested objects rather than a top-level name. */
    public boolean isPointer() {
        return name.startsWith("/");
    }

    /**
     * Parses a comma-separated list of {@code name} or {@code name:type}. A name keeps its inner
     * spaces and parentheses ({@code Body Mass (g)}); only the text after the last colon is read
     * as a type, and only when it is one, so a name may itself contain a colon.
     *
     * @throws IllegalArgumentException on an empty entry or a repeated name
     */
    public static List<FieldSpec> parseList(String list) {
        List<FieldSpec> specs = new ArrayList<>();
        if (list == null || list.isBlank()) {
            return specs;
        }
        for (String entry : list.split(",")) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                throw new IllegalArgumentException("empty field name in '" + list + "'");
            }
            FieldSpec spec = parseOne(trimmed);
            if (specs.stream().anyMatch(s -> s.name.equals(spec.name))) {
                throw new IllegalArgumentException("field '" + spec.name + "' is named twice");
            }
            specs.add(spec);
        }
        return specs;
    }

    private static FieldSpec parseOne(String entry) {
        int colon = entry.lastIndexOf(':');
        if (colon > 0) {
            String suffix = entry.substring(colon + 1).trim();
            for (FieldType type : FieldType.values()) {
                if (type.id().equalsIgnoreCase(suffix)) {
                    return new FieldSpec(entry.substring(0, colon).trim(), type);
                }
            }
            if (!suffix.contains(" ") && !suffix.isEmpty() && suffix.chars().allMatch(Character::isLetter)) {
                // A one-word suffix reads as a type; a typo there must not silently become part of the name.
                FieldType.parse(suffix);
            }
        }
        return new FieldSpec(entry, null);
    }

    @Override
    public String toString() {
        return type == null ? name : name + ":" + type.id();
    }
}
