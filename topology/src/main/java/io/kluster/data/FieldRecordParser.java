package io.kluster.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kluster.fields.FieldSpec;
import io.kluster.fields.FieldValues;
import io.kluster.fields.FieldsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a named-field event, {@code {"order_id": "o-81", "amount": 129.5, "country": "DE", ...}},
 * into a {@link FeatureRecord} whose {@link FeatureRecord#fields()} are its feature fields.
 *
 * <p>The features are the declared fields, or every top-level field but the id, the label and
 * the ignored ones; a nested object or array is a feature only when a declared JSON Pointer
 * reaches into it. A declared type is checked here ({@link RejectReason#WRONG_FIELD_TYPE}); an
 * inferred one is the schema's business, and a value it cannot read is simply missing.
 */
final class FieldRecordParser {

    private static final float[] NO_FEATURES = new float[0];
    private static final int MAX_ECHO_CHARS = 40;

    private final FieldsSettings settings;
    private final int maxFields;
    private final JsonFactory factory;
    private final ObjectMapper mapper;

    FieldRecordParser(FieldsSettings settings, int maxFields, JsonFactory factory) {
        this.settings = settings;
        this.maxFields = maxFields;
        this.factory = factory.copy().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.mapper = new ObjectMapper(this.factory);
    }

    ParseResult parse(byte[] key, byte[] value) {
        JsonNode root;
        JsonParser parser = null;
        try {
            parser = factory.createParser(value);
            root = mapper.readTree(parser);
        } catch (StreamConstraintsException e) {
            if (parser != null && parser.getParsingContext() != null
                    && parser.getParsingContext().getNestingDepth() > RecordParser.MAX_NESTING_DEPTH) {
                return rejected(RejectReason.TOO_DEEP, "JSON nests deeper than " + RecordParser.MAX_NESTING_DEPTH + " levels");
            }
            return rejected(RejectReason.INVALID_JSON, abbreviate(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            return rejected(RejectReason.INVALID_JSON, abbreviate(e.getOriginalMessage()));
        } catch (IOException e) {
            return rejected(RejectReason.INVALID_JSON, abbreviate("unreadable JSON: " + e.getMessage()));
        } finally {
            if (parser != null) {
                try {
                    parser.close();
                } catch (IOException ignored) {
                    // an in-memory source has nothing to release
                }
            }
        }
        if (root == null || root.isMissingNode()) {
            return rejected(RejectReason.EMPTY_VALUE, "value is only whitespace");
        }
        if (!root.isObject()) {
            return rejected(RejectReason.NOT_AN_OBJECT, "expected a JSON object, got " + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
        }
        JsonNode idNode = lookup(root, settings.idField());
        String id;
        if (idNode == null || idNode.isNull() || (idNode.isTextual() && idNode.textValue().isEmpty())) {
            id = key == null || key.length == 0 ? null : new String(key, StandardCharsets.UTF_8);
            if (id == null) {
                return rejected(RejectReason.MISSING_ID, "no \"" + settings.idField() + "\" field and no record key");
            }
        } else if (idNode.isTextual() || idNode.isIntegralNumber() || (idNode.isNumber() && Double.isFinite(idNode.doubleValue()))) {
            id = idNode.asText();
        } else {
            return rejected(RejectReason.MISSING_ID, "\"" + settings.idField() + "\" must be a string or a number");
        }
        JsonNode labelNode = lookup(root, settings.labelField());
        String label = null;
        if (labelNode != null && !labelNode.isNull()) {
            if (!labelNode.isTextual() && !labelNode.isIntegralNumber()) {
                return rejected(RejectReason.BAD_LABEL, "\"" + settings.labelField() + "\" must be an integer or a string");
            }
            label = labelNode.asText();
        }
        Map<String, Object> values = new LinkedHashMap<>();
        try {
            if (settings.hasDeclaredFields()) {
                for (FieldSpec spec : settings.declared()) {
                    JsonNode node = lookup(root, spec.name());
                    Object v = node == null ? null : scalar(spec.name(), node, true);
                    if (v != null) {
                        if (spec.type() != null && !spec.type().accepts(v)) {
                            return rejected(RejectReason.WRONG_FIELD_TYPE, "\"" + spec.name() + "\" is declared "
                                    + spec.type().id() + " but holds " + echo(node));
                        }
                        values.put(spec.name(), v);
                    }
                }
            } else {
                var it = root.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> field = it.next();
                    if (!settings.isCandidate(field.getKey()) || field.getValue().isContainerNode()) {
                        continue;
                    }
                    Object v = scalar(field.getKey(), field.getValue(), false);
                    if (v != null) {
                        values.put(field.getKey(), v);
                    }
                }
            }
        } catch (NonFinite e) {
            return rejected(RejectReason.NON_FINITE_FEATURE, e.getMessage());
        } catch (WrongType e) {
            return rejected(RejectReason.WRONG_FIELD_TYPE, e.getMessage());
        }
        if (values.size() > maxFields) {
            return rejected(RejectReason.TOO_MANY_FEATURES, "got " + values.size() + " feature fields, limit is " + maxFields);
        }
        if (values.isEmpty()) {
            return rejected(RejectReason.NO_USABLE_FEATURE, settings.hasDeclaredFields()
                    ? "none of the declared fields " + settings.declared() + " is present"
                    : "no field besides the id and the label");
        }
        return new ParseResult.Valid(new FeatureRecord(id, NO_FEATURES, label, new FieldValues(values)));
    }

    /** A top-level name, or a JSON Pointer when the name starts with '/'; null when absent. */
    private static JsonNode lookup(JsonNode root, String name) {
        JsonNode node = name.startsWith("/") ? root.at(name) : root.get(name);
        return node == null || node.isMissingNode() ? null : node;
    }

    private static Object scalar(String name, JsonNode node, boolean declared) throws NonFinite, WrongType {
        if (node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            double d = node.doubleValue();
            if (!Double.isFinite(d)) {
                throw new NonFinite("\"" + name + "\" is " + abbreviate(node.asText()));
            }
            return d;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (declared) {
            throw new WrongType("\"" + name + "\" holds " + echo(node) + ", not a number, boolean or string");
        }
        return null;
    }

    private static String echo(JsonNode node) {
        return node.isContainerNode() ? (node.isArray() ? "an array" : "an object") : abbreviate(node.toString());
    }

    private static ParseResult rejected(RejectReason reason, String message) {
        return new ParseResult.Rejected(reason, message);
    }

    private static String abbreviate(String text) {
        String t = String.valueOf(text);
        return t.length() <= 200 ? t : t.substring(0, 200) + "...";
    }

    /** A NaN or infinite number where a feature should be. */
    private static final class NonFinite extends Exception {
        private static final long serialVersionUID = 1L;

        NonFinite(String message) {
            super(message, null, false, false);
        }
    }

    /** A declared field holding an object or array. */
    private static final class WrongType extends Exception {
        private static final long serialVersionUID = 1L;

        WrongType(String message) {
            super(message, null, false, false);
        }
    }
}
