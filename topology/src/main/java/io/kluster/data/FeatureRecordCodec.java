package io.kluster.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kluster.fields.FieldValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Encodes {@link FeatureRecord}s in the input formats {@link RecordParser} reads; used by
 * producers such as the demo feeder and by tests.
 */
public final class FeatureRecordCodec {

    /** Immutable and thread-safe once built; sharing it shares its buffer recyclers. */
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final ObjectMapper EVENTS = new ObjectMapper();

    private FeatureRecordCodec() {
    }

    /**
     * Encodes a named-field event as a JSON object: its id and label (when not null) under the given
     * field names, then each field, a field named by a JSON Pointer ({@code /user/country}) nested
     * where the pointer leads.
     */
    public static byte[] eventToJson(String id, FieldValues fields, String label, String idField, String labelField) {
        ObjectNode root = EVENTS.createObjectNode();
        put(root, idField, id);
        if (label != null) {
            put(root, labelField, label);
        }
        fields.values().forEach((name, value) -> put(root, name, value));
        try {
            return EVENTS.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void put(ObjectNode root, String name, Object value) {
        ObjectNode parent = root;
        String leaf = name;
        if (name.startsWith("/")) {
            String[] steps = name.substring(1).split("/", -1);
            for (int s = 0; s < steps.length - 1; s++) {
                String step = unescape(steps[s]);
                parent = parent.get(step) instanceof ObjectNode nested ? nested : parent.putObject(step);
            }
            leaf = unescape(steps[steps.length - 1]);
        }
        if (value instanceof Double d) {
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                parent.put(leaf, d.longValue());
            } else {
                parent.put(leaf, d);
            }
        } else if (value instanceof Boolean b) {
            parent.put(leaf, b);
        } else {
            parent.put(leaf, String.valueOf(value));
        }
    }

    private static String unescape(String step) {
        return step.replace("~1", "/").replace("~0", "~");
    }

    /**
     * Encodes a record as {@code {"id":...,"features":[...],"label":...}}, omitting a null label.
     *
     * @throws IllegalArgumentException when a feature is NaN or infinite, which JSON cannot carry
     */
    public static byte[] toJson(FeatureRecord record) {
        Objects.requireNonNull(record, "record");
        float[] features = record.features();
        for (int i = 0; i < features.length; i++) {
            if (!Float.isFinite(features[i])) {
                throw new IllegalArgumentException("features[" + i + "] of record '" + record.id()
                    + "' is " + features[i] + "; JSON cannot carry non-finite numbers");
            }
        }
        // Roughly ten characters per float keeps the builder from regrowing for typical vectors.
        ByteArrayBuilder out = new ByteArrayBuilder(Math.min(32 + features.length * 10, 1 << 20));
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("id", record.id());
            generator.writeFieldName("features");
            generator.writeStartArray(features, features.length);
            for (float feature : features) {
                generator.writeNumber(feature);
            }
            generator.writeEndArray();
            if (record.label() != null) {
                generator.writeStringField("label", record.label());
            }
            generator.writeEndObject();
        } catch (IOException e) {
            // Writing to memory cannot fail for I/O reasons; surface anything odd loudly.
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Encodes a vector as little-endian float32, the {@link InputFormat#BINARY} wire format. */
    public static byte[] toBinary(float[] features) {
        Objects.requireNonNull(features, "features");
        ByteBuffer buffer = ByteBuffer.allocate(features.length * Float.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(features);
        return buffer.array();
    }

    /**
     * Returns a serde for the JSON input format: the serializer uses {@link #toJson} and the
     * deserializer uses a {@link RecordParser}, so the id must be inside the value.
     *
     * <p>Null data maps to null both ways (tombstones); anything the parser rejects, or a
     * non-finite feature on the way out, raises a {@link SerializationException}.
     */
    public static Serde<FeatureRecord> jsonSerde() {
        // Serdes have no size limits of their own; this one reads back what the codec wrote.
        RecordParser parser = RecordParser.builder()
            .format(InputFormat.JSON)
            .maxValueBytes(Integer.MAX_VALUE)
            .maxFeatures(Integer.MAX_VALUE - 8)
            .build();
        Serializer<FeatureRecord> serializer = (topic, record) -> {
            if (record == null) {
                return null;
            }
            try {
                return toJson(record);
            } catch (IllegalArgumentException e) {
                throw new SerializationException(e.getMessage(), e);
            }
        };
        Deserializer<FeatureRecord> deserializer = (topic, data) -> {
            if (data == null) {
                return null;
            }
            ParseResult result = parser.parse(null, data);
            if (result instanceof ParseResult.Rejected rejected) {
                throw new SerializationException("cannot read a FeatureRecord from topic " + topic
                    + ": " + rejected.reason().code() + ": " + rejected.message());
            }
            return ((ParseResult.Valid) result).record();
        };
        return Serdes.serdeFrom(serializer, deserializer);
    }
}
