package io.kluster.fields;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The encoding of named-field events into feature vectors, fitted on the records a model trains
 * on and shipped inside the model, so that every instance encodes a record identically.
 *
 * <p>Each field is one block ({@link FieldEncoder}). Its weight makes the block's total variance
 * over the training records 1: two records then differ, on average, by the same squared distance
 * in every field, so a one-hot of 40 countries counts as much as one amount and no more.
 *
 * @param fields the encoded fields, in order
 * @param skipped fields seen in training but not encoded, each with the reason
 * @param declaredTypes names of the fields whose type the user declared (a value of another type is rejected)
 */
public record FieldSchema(List<FieldEncoder> fields, Map<String, String> skipped, Set<String> declaredTypes) {

    /** Text this long on average (in tokens), or a string field this varied, is text rather than a category. */
    static final int TEXT_MIN_MEAN_TOKENS = 3;
    /** A field with more distinct strings than this, most of them unique, is text. */
    static final int TEXT_MIN_DISTINCT = 100;

    /** Validates and copies. */
    public FieldSchema {
        fields = List.copyOf(fields);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a field schema needs at least one field");
        }
        Set<String> names = new HashSet<>();
        for (FieldEncoder f : fields) {
            if (!names.add(f.name())) {
                throw new IllegalArgumentException("field '" + f.name() + "' is encoded twice");
            }
        }
        skipped = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(skipped));
        declaredTypes = Set.copyOf(declaredTypes);
    }

    /** The width of an encoded record. */
    public int width() {
        int width = 0;
        for (FieldEncoder f : fields) {
            width += f.width();
        }
        return width;
    }

    /** The names of the encoded fields, in order. */
    public List<String> names() {
        return fields.stream().map(FieldEncoder::name).toList();
    }

    /** Whether {@code values} holds at least one of the encoded fields. */
    public boolean coversAny(FieldValues values) {
        for (FieldEncoder f : fields) {
            if (values.get(f.name()) != null) {
                return true;
            }
        }
        return false;
    }

    /** Encodes one record; a missing field, an unseen category or an unknown extra field are all fine. */
    public float[] encode(FieldValues values) {
        float[] out = new float[width()];
        int offset = 0;
        for (FieldEncoder f : fields) {
            f.encode(values.get(f.name()), out, offset);
            offset += f.width();
        }
        return out;
    }

    /** Encodes records row by row. */
    public float[][] encodeAll(List<FieldValues> records) {
        float[][] rows = new float[records.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = encode(records.get(i));
        }
        return rows;
    }

    /** The settings a parser needs to read records for this schema: its fields, declared types kept. */
    public FieldsSettings parserSettings(String idField, String labelField) {
        List<FieldSpec> specs = new ArrayList<>();
        for (FieldEncoder f : fields) {
            specs.add(new FieldSpec(f.name(), declaredTypes.contains(f.name()) ? f.type() : null));
        }
        return new FieldsSettings(specs, idField, labelField, Set.of());
    }

    /**
     * Fits a schema to training records: the declared fields, or every field the records hold; a
     * field without a declared type gets the inferred one ({@link #inferType}).
     *
     * @throws IllegalArgumentException when no field can be encoded
     */
    public static FieldSchema fit(List<FieldValues> records, FieldsSettings settings) {
        Set<String> names = new LinkedHashSet<>();
        Map<String, FieldType> declared = new LinkedHashMap<>();
        if (settings.hasDeclaredFields()) {
            for (FieldSpec spec : settings.declared()) {
                names.add(spec.name());
                if (spec.type() != null) {
                    declared.put(spec.name(), spec.type());
                }
            }
        } else {
            names.addAll(fieldOrder(records, settings));
        }
        List<FieldEncoder> encoders = new ArrayList<>();
        Map<String, String> skipped = new LinkedHashMap<>();
        for (String name : names) {
            List<Object> values = new ArrayList<>();
            for (FieldValues r : records) {
                Object v = r.get(name);
                if (v != null) {
                    values.add(v);
                }
            }
            FieldType type = declared.get(name);
            if (type == null) {
                String why = whyNotAFeature(values);
                if (why != null) {
                    skipped.put(name, why);
                    continue;
                }
                type = inferType(values);
            }
            encoders.add(fit(name, type, values, records.size() - values.size()));
        }
        if (encoders.isEmpty()) {
            throw new IllegalArgumentException("no field of the " + records.size() + " training records can be encoded"
                    + (skipped.isEmpty() ? "" : ": " + skipped));
        }
        return new FieldSchema(weighted(encoders, records), skipped, declared.keySet());
    }

    /**
     * The candidate fields of the records in the order they hold them: a field first seen in a later
     * record goes right after the field it follows there, so that a CSV file's fields keep the
     * header's order even when its first rows miss some.
     */
    private static List<String> fieldOrder(List<FieldValues> records, FieldsSettings settings) {
        List<String> order = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (FieldValues r : records) {
            int insertAt = 0;
            for (String name : r.values().keySet()) {
                if (!settings.isCandidate(name)) {
                    continue;
                }
                if (known.add(name)) {
                    order.add(insertAt, name);
                }
                insertAt = order.indexOf(name) + 1;
            }
        }
        return order;
    }

    /**
     * The inferred type of a field from its non-missing training values: {@code boolean} when all are
     * true/false; {@code numeric} when all are numbers or read as numbers; else {@code text} when the
     * values average at least {@value #TEXT_MIN_MEAN_TOKENS} tokens, or number over
     * {@value #TEXT_MIN_DISTINCT} distinct values with more than half of them distinct; else
     * {@code categorical}.
     */
    public static FieldType inferType(List<Object> values) {
        boolean allBoolean = true;
        boolean allNumeric = true;
        for (Object v : values) {
            allBoolean &= v instanceof Boolean || (v instanceof String s && FieldType.asBoolean(s) != null
                    && !Double.isFinite(FieldType.asNumber(s)));
            allNumeric &= Double.isFinite(FieldType.asNumber(v));
        }
        if (allBoolean) {
            return FieldType.BOOLEAN;
        }
        if (allNumeric) {
            return FieldType.NUMERIC;
        }
        Set<String> distinct = new HashSet<>();
        long tokens = 0;
        for (Object v : values) {
            String text = FieldType.asText(v);
            distinct.add(text);
            tokens += FieldEncoder.Text.tokens(text).size();
        }
        double meanTokens = (double) tokens / values.size();
        if (meanTokens >= TEXT_MIN_MEAN_TOKENS
                || (distinct.size() > TEXT_MIN_DISTINCT && distinct.size() > values.size() / 2)) {
            return FieldType.TEXT;
        }
        return FieldType.CATEGORICAL;
    }

    /**
     * Why a field whose type was not declared is no feature, or null when it is one: it was always
     * missing, it never varied, or it looks like an identifier: of at least 20 values, over half of
     * them distinct, one or two tokens long and mostly with digits, like {@code o-81} or {@code N1A2}.
     */
    static String whyNotAFeature(List<Object> values) {
        if (values.isEmpty()) {
            return "always missing";
        }
        Set<String> distinct = new HashSet<>();
        long tokens = 0;
        int strings = 0;
        int withDigits = 0;
        for (Object v : values) {
            String text = FieldType.asText(v);
            distinct.add(text);
            if (v instanceof String s && !Double.isFinite(FieldType.asNumber(s))) {
                strings++;
                tokens += FieldEncoder.Text.tokens(s).size();
                if (s.chars().anyMatch(Character::isDigit)) {
                    withDigits++;
                }
            }
        }
        if (distinct.size() == 1) {
            return "always the same value";
        }
        if (strings == values.size() && values.size() >= 20 && distinct.size() > values.size() / 2
                && (double) tokens / values.size() <= 2 && withDigits > values.size() / 2) {
            return "looks like an identifier (one or two tokens with digits, most of them distinct)";
        }
        return null;
    }

    private static FieldEncoder fit(String name, FieldType type, List<Object> values, int missing) {
        return switch (type) {
            case NUMERIC -> {
                double[] numbers = values.stream().mapToDouble(FieldType::asNumber).filter(Double::isFinite).toArray();
                yield FieldEncoder.Numeric.fit(name, numbers, missing + values.size() - numbers.length);
            }
            case CATEGORICAL -> FieldEncoder.Categorical.fit(name, values.stream().map(FieldType::asText).toList());
            case BOOLEAN -> {
                long known = values.stream().filter(v -> FieldType.asBoolean(v) != null).count();
                long trues = values.stream().filter(v -> Boolean.TRUE.equals(FieldType.asBoolean(v))).count();
                yield new FieldEncoder.Bool(name, known == 0 ? 0.5 : (double) trues / known, 1.0);
            }
            case TEXT -> new FieldEncoder.Text(name, FieldEncoder.Text.DEFAULT_BUCKETS, 1.0);
        };
    }

    /** Each encoder weighted so that its block's total variance over the records is 1 (a constant block keeps weight 1). */
    private static List<FieldEncoder> weighted(List<FieldEncoder> encoders, List<FieldValues> records) {
        List<FieldEncoder> out = new ArrayList<>();
        for (FieldEncoder f : encoders) {
            int w = f.width();
            double[] sum = new double[w];
            double[] sumSq = new double[w];
            float[] block = new float[w];
            for (FieldValues r : records) {
                f.encode(r.get(f.name()), block, 0);
                for (int j = 0; j < w; j++) {
                    sum[j] += block[j];
                    sumSq[j] += (double) block[j] * block[j];
                }
            }
            double variance = 0;
            int n = records.size();
            for (int j = 0; j < w; j++) {
                double mean = sum[j] / n;
                variance += Math.max(0, sumSq[j] / n - mean * mean);
            }
            out.add(f.withWeight(variance > 1e-12 ? 1 / Math.sqrt(variance) : 1.0));
        }
        return out;
    }

    /** The schema as JSON, as model bundles keep it. */
    public ObjectNode toJson() {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode root = json.objectNode();
        ArrayNode list = root.putArray("fields");
        for (FieldEncoder f : fields) {
            ObjectNode node = list.addObject();
            node.put("name", f.name());
            node.put("type", f.type().id());
            if (declaredTypes.contains(f.name())) {
                node.put("declared", true);
            }
            node.put("weight", f.weight());
            if (f instanceof FieldEncoder.Numeric n) {
                node.put("center", n.center());
                node.put("scale", n.scale());
                node.put("log_tails", n.logTails());
                node.put("missing_indicator", n.missingIndicator());
            } else if (f instanceof FieldEncoder.Categorical c) {
                ArrayNode values = node.putArray("values");
                c.values().forEach(values::add);
            } else if (f instanceof FieldEncoder.Bool b) {
                node.put("fill", b.fill());
            } else if (f instanceof FieldEncoder.Text t) {
                node.put("buckets", t.buckets());
            }
        }
        ObjectNode skippedNode = root.putObject("skipped");
        skipped.forEach(skippedNode::put);
        return root;
    }

    /**
     * Reads {@link #toJson}'s form.
     *
     * @throws IllegalArgumentException when a part is missing or malformed
     */
    public static FieldSchema fromJson(JsonNode root) {
        JsonNode list = root.path("fields");
        if (!list.isArray()) {
            throw new IllegalArgumentException("field schema lacks its fields");
        }
        List<FieldEncoder> fields = new ArrayList<>();
        Set<String> declared = new HashSet<>();
        for (JsonNode node : list) {
            String name = text(node, "name");
            double weight = number(node, "weight");
            FieldType type = FieldType.parse(text(node, "type"));
            if (node.path("declared").asBoolean(false)) {
                declared.add(name);
            }
            fields.add(switch (type) {
                case NUMERIC -> new FieldEncoder.Numeric(name, number(node, "center"), number(node, "scale"),
                        node.path("log_tails").asBoolean(false), node.path("missing_indicator").asBoolean(false), weight);
                case CATEGORICAL -> {
                    List<String> values = new ArrayList<>();
                    node.path("values").forEach(v -> values.add(v.asText()));
                    yield new FieldEncoder.Categorical(name, values, weight);
                }
                case BOOLEAN -> new FieldEncoder.Bool(name, number(node, "fill"), weight);
                case TEXT -> new FieldEncoder.Text(name, node.path("buckets").asInt(FieldEncoder.Text.DEFAULT_BUCKETS),
                        weight);
            });
        }
        Map<String, String> skipped = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = root.path("skipped").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            skipped.put(e.getKey(), e.getValue().asText());
        }
        return new FieldSchema(fields, skipped, declared);
    }

    /** Whether two schemas encode every record identically (weights and vocabularies included). */
    public boolean sameEncoding(FieldSchema other) {
        return fields.equals(Objects.requireNonNull(other, "other").fields);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field schema entry lacks " + field);
        }
        return v.textValue();
    }

    private static double number(JsonNode node, String field) {
        JsonNode v = node.path(field);
        if (!v.isNumber()) {
            throw new IllegalArgumentException("field schema entry lacks the number " + field);
        }
        return v.doubleValue();
    }
}
