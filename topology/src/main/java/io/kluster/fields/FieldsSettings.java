package io.kluster.fields;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How named-field events are read: which fields are features (all but the id, the label and the
 * ignored ones when none are declared), and which fields carry the id and the label.
 *
 * @param declared the fields of {@code kluster.input.fields}, empty to take every top-level field
 * @param idField the field holding the record id; when absent from a record, the key is the id
 * @param labelField the field holding the ground-truth label, for reporting only
 * @param ignored fields that are never features
 */
public record FieldsSettings(List<FieldSpec> declared, String idField, String labelField, Set<String> ignored) {

    /** The id field when none is configured. */
    public static final String DEFAULT_ID_FIELD = "id";
    /** The label field when none is configured. */
    public static final String DEFAULT_LABEL_FIELD = "label";

    /** Every top-level field a feature, id in {@code id}, label in {@code label}. */
    public static final FieldsSettings DEFAULTS =
            new FieldsSettings(List.of(), DEFAULT_ID_FIELD, DEFAULT_LABEL_FIELD, Set.of());

    /** Validates and copies. */
    public FieldsSettings {
        declared = List.copyOf(declared);
        Objects.requireNonNull(idField, "idField");
        Objects.requireNonNull(labelField, "labelField");
        ignored = Set.copyOf(new LinkedHashSet<>(ignored));
        for (FieldSpec spec : declared) {
            if (spec.name().equals(idField) || spec.name().equals(labelField)) {
                throw new IllegalArgumentException("field '" + spec.name()
                        + "' is the id or the label field and cannot also be a feature");
            }
            if (ignored.contains(spec.name())) {
                throw new IllegalArgumentException("field '" + spec.name() + "' is both declared and ignored");
            }
        }
    }

    /** Whether a top-level field of this name may be a feature. */
    public boolean isCandidate(String name) {
        return !name.equals(idField) && !name.equals(labelField) && !ignored.contains(name);
    }

    /** Whether the features are the declared fields rather than every top-level field. */
    public boolean hasDeclaredFields() {
        return !declared.isEmpty();
    }
}
