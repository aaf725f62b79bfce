package io.kluster.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Compact binary form of a {@link PendingRecord} for state stores and the training topic:
 * timestamp, id, label (length -1 when absent) and the features as float32, big-endian.
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
        return out.array();
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
            return new PendingRecord(id, features, label, timestamp);
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
