package io.kluster.topology;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Binary form of {@link TrainingMessage}s on the training topic: a type byte, then the body. */
public final class TrainingMessageSerde implements Serde<TrainingMessage> {

    private static final byte SAMPLE = 1;
    private static final byte BATCH_STATISTICS = 2;

    @Override
    public Serializer<TrainingMessage> serializer() {
        return (topic, message) -> message == null ? null : encode(message);
    }

    @Override
    public Deserializer<TrainingMessage> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(TrainingMessage message) {
        if (message instanceof TrainingMessage.Sample sample) {
            byte[] body = PendingRecordSerde.encode(sample.record());
            return ByteBuffer.allocate(1 + body.length).put(SAMPLE).put(body).array();
        }
        TrainingMessage.BatchStatistics stats = (TrainingMessage.BatchStatistics) message;
        int n = stats.size();
        ByteBuffer out = ByteBuffer.allocate(1 + 2 * Long.BYTES + 2 * Integer.BYTES + n * Integer.BYTES
                + stats.embeddings().length * Float.BYTES + n * Float.BYTES);
        out.put(BATCH_STATISTICS).putLong(stats.baseVersion()).putLong(stats.modelVersion()).putInt(n).putInt(stats.dimension());
        for (int c : stats.centroids()) {
            out.putInt(c);
        }
        for (float v : stats.embeddings()) {
            out.putFloat(v);
        }
        for (float v : stats.confidences()) {
            out.putFloat(v);
        }
        return out.array();
    }

    static TrainingMessage decode(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            byte type = in.get();
            if (type == SAMPLE) {
                byte[] body = new byte[in.remaining()];
                in.get(body);
                return new TrainingMessage.Sample(PendingRecordSerde.decode(body));
            }
            if (type != BATCH_STATISTICS) {
                throw new SerializationException("unknown training message type " + type);
            }
            long base = in.getLong();
            long version = in.getLong();
            int n = in.getInt();
            int d = in.getInt();
            int[] centroids = new int[n];
            for (int i = 0; i < n; i++) {
                centroids[i] = in.getInt();
            }
            float[] embeddings = new float[n * d];
            for (int i = 0; i < embeddings.length; i++) {
                embeddings[i] = in.getFloat();
            }
            float[] confidences = new float[n];
            for (int i = 0; i < n; i++) {
                confidences[i] = in.getFloat();
            }
            return new TrainingMessage.BatchStatistics(base, version, centroids, embeddings, confidences);
        } catch (RuntimeException e) {
            throw new SerializationException("corrupt training message: " + e.getMessage(), e);
        }
    }
}
