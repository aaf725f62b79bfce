package io.kluster.topology;

import io.kluster.fields.FieldValues;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary form of a {@link PendingRecord} for state stores and the training topic:
 * timestamp, id, label (length -1 when absent) and the features as float32, big-endian; then, for
 * a named-field event only, the number of fields and each field as its name and a tagged value
 * ({@code D} double, {@code B} boolean, {@code S} string). A record without that part is a vector.
 */
public final class PendingRecordSerde implements Serde<PendingRecord> {

    @Override
    public Serializer<PendingRecord> serializer() {
        return (topic, record) -> record == null ? null : encode(record);
    }

    @Override
    public Deserializer<PendingRecord> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(PendingRecord record) {
        byte[] id = record.id().getBytes(StandardCharsets.UTF_8);
        byte[] label = record.label() == null ? null : record.label().getBytes(StandardCharsets.UTF_8);
        int size = Long.BYTES + Integer.BYTES + id.length + Integer.BYTES + (label == null ? 0 : label.length)
                + Integer.BYTES + record.features().length * Float.BYTES;
        byte[] fields = record.fields() == null ? null : encodeFields(record.fields());
        if (fields != null) {
            size += fields.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putLong(record.timestamp());
        out.putInt(id.length).put(id);
        if (label == null) {
            out.putInt(-1);
        } else {
            out.putInt(label.length).put(label);
        }
        out.putInt(record.features().length);
        out.asFloatBuffer().put(record.features());
        if (fields != null) {
            out.position(out.position() + record.features().length * Float.BYTES);
            out.put(fields);
        }
        return out.array();
    }

    private static byte[] encodeFields(FieldValues fields) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeInt(fields.size());
            for (Map.Entry<String, Object> e : fields.values().entrySet()) {
                byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeInt(name.length);
                out.write(name);
                Object value = e.getValue();
                if (value instanceof Double d) {
                    out.writeByte('D');
                    out.writeDouble(d);
                } else if (value instanceof Boolean b) {
                    out.writeByte('B');
                    out.writeBoolean(b);
                } else {
                    byte[] text = ((String) value).getBytes(StandardCharsets.UTF_8);
                    out.writeByte('S');
                    out.writeInt(text.length);
                    out.write(text);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static FieldValues decodeFields(ByteBuffer in) {
        int count = in.getInt();
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = string(in, in.getInt());
            byte tag = in.get();
            values.put(name, switch (tag) {
                case 'D' -> in.getDouble();
                case 'B' -> in.get() != 0;
                case 'S' -> string(in, in.getInt());
                default -> throw new IllegalArgumentException("unknown field tag " + tag);
            });
        }
        return new FieldValues(values);
    }

    static PendingRecord decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            long timestamp = in.getLong();
            String id = string(in, in.getInt());
            int labelLength = in.getInt();
            String label = labelLength < 0 ? null : string(in, labelLength);
            float[] features = new float[in.getInt()];
            in.asFloatBuffer().get(features);
            in.position(in.position() + features.length * Float.BYTES);
            FieldValues fields = in.hasRemaining() ? decodeFields(in) : null;
            return new PendingRecord(id, features, label, timestamp, fields);
        } catch (RuntimeException e) {
            throw new SerializationException("corrupt pending record: " + e.getMessage(), e);
        }
    }

    private static String string(ByteBuffer in, int length) {
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
