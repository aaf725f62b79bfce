package io.kluster.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON serde for {@link ClusterAssignment}: {@code {"id":"a1","cluster":3,"confidence":0.91,
 * "q":[...],"model_version":12,"distance":0.42}}, with {@code q} omitted when null.
 *
 * <p>Non-finite floats are written as the JSON strings {@code "NaN"}, {@code "Infinity"} and
 * {@code "-Infinity"} (Jackson's default) so the output stays standard JSON, and are read back
 * from either those strings or the bare tokens. Unknown fields are ignored when reading so
 * that consumers survive fields added later. Null maps to null both ways.
 */
public final class ClusterAssignmentSerde implements Serde<ClusterAssignment> {

    /** JSON key of {@link ClusterAssignment#id()}. */
    public static final String ID = "id";
    /** JSON key of {@link ClusterAssignment#cluster()}. */
    public static final String CLUSTER = "cluster";
    /** JSON key of {@link ClusterAssignment#confidence()}. */
    public static final String CONFIDENCE = "confidence";
    /** JSON key of {@link ClusterAssignment#q()}. */
    public static final String Q = "q";
    /** JSON key of {@link ClusterAssignment#modelVersion()}. */
    public static final String MODEL_VERSION = "model_version";
    /** JSON key of {@link ClusterAssignment#distance()}. */
    public static final String DISTANCE = "distance";

    /** Immutable and thread-safe once built; one instance shares buffer recyclers. */
    private static final JsonFactory JSON = JsonFactory.builder()
        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .build();

    private final Serializer<ClusterAssignment> serializer =
        (topic, assignment) -> assignment == null ? null : toJson(assignment);

    private final Deserializer<ClusterAssignment> deserializer =
        (topic, data) -> data == null ? null : fromJson(data);

    /** Creates the serde; it holds no configuration. */
    public ClusterAssignmentSerde() {
    }

    @Override
    public Serializer<ClusterAssignment> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<ClusterAssignment> deserializer() {
        return deserializer;
    }

    /** Encodes one assignment as UTF-8 JSON. */
    public static byte[] toJson(ClusterAssignment assignment) {
        float[] q = assignment.q();
        ByteArrayBuilder out = new ByteArrayBuilder(128 + (q == null ? 0 : q.length * 12));
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField(ID, assignment.id());
            generator.writeNumberField(CLUSTER, assignment.cluster());
            generator.writeNumberField(CONFIDENCE, assignment.confidence());
            if (q != null) {
                generator.writeFieldName(Q);
                generator.writeStartArray(q, q.length);
                for (float p : q) {
                    generator.writeNumber(p);
                }
                generator.writeEndArray();
            }
            generator.writeNumberField(MODEL_VERSION, assignment.modelVersion());
            generator.writeNumberField(DISTANCE, assignment.distance());
            generator.writeEndObject();
        } catch (IOException e) {
            throw new SerializationException("cannot write assignment for " + assignment.id(), e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes one assignment from UTF-8 JSON.
     *
     * @throws SerializationException when the JSON is malformed or a required field is missing
     */
    public static ClusterAssignment fromJson(byte[] data) {
        try (JsonParser parser = JSON.createParser(data)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new SerializationException("cluster assignment must be a JSON object");
            }
            String id = null;
            Integer cluster = null;
            Float confidence = null;
            float[] q = null;
            Long modelVersion = null;
            Float distance = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (name) {
                    case ID -> id = parser.getValueAsString();
                    case CLUSTER -> cluster = parser.getIntValue();
                    case CONFIDENCE -> confidence = readFloat(parser, token);
                    case Q -> q = readFloats(parser, token);
                    case MODEL_VERSION -> modelVersion = parser.getLongValue();
                    case DISTANCE -> distance = readFloat(parser, token);
                    default -> parser.skipChildren();
                }
            }
            return new ClusterAssignment(
                require(id, ID), require(cluster, CLUSTER), require(confidence, CONFIDENCE), q,
                require(modelVersion, MODEL_VERSION), require(distance, DISTANCE));
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException serializationException) {
                throw serializationException;
            }
            throw new SerializationException("cannot read cluster assignment: " + e.getMessage(), e);
        }
    }

    private static float readFloat(JsonParser parser, JsonToken token) throws IOException {
        // Jackson writes non-finite floats as strings by default; accept them back.
        if (token == JsonToken.VALUE_STRING) {
            return Float.parseFloat(parser.getText());
        }
        return parser.getFloatValue();
    }

    private static float[] readFloats(JsonParser parser, JsonToken start) throws IOException {
        if (start == JsonToken.VALUE_NULL) {
            return null;
        }
        if (start != JsonToken.START_ARRAY) {
            throw new SerializationException("\"q\" must be an array, got " + start);
        }
        float[] values = new float[16];
        int count = 0;
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = readFloat(parser, token);
        }
        return Arrays.copyOf(values, count);
    }

    private static <T> T require(T value, String name) {
        if (value == null) {
            throw new SerializationException("cluster assignment has no \"" + name + "\" field");
        }
        return value;
    }
}
