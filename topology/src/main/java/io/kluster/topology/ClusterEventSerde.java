package io.kluster.topology;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.kluster.cluster.ClusterEvent;
import io.kluster.model.ClusterEventJson;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** {@link ClusterEvent}s on the cluster events topic, in their {@link ClusterEventJson} form. */
public final class ClusterEventSerde implements Serde<ClusterEvent> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Serializer<ClusterEvent> serializer() {
        return (topic, event) -> event == null ? null : encode(event);
    }

    @Override
    public Deserializer<ClusterEvent> deserializer() {
        return (topic, bytes) -> bytes == null ? null : decode(bytes);
    }

    static byte[] encode(ClusterEvent event) {
        try {
            return JSON.writeValueAsBytes(ClusterEventJson.write(event, JSON.createObjectNode()));
        } catch (IOException e) {
            throw new SerializationException("cannot write a cluster event", e);
        }
    }

    static ClusterEvent decode(byte[] bytes) {
        try {
            return ClusterEventJson.read(JSON.readTree(bytes));
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("not a cluster event: " + e.getMessage(), e);
        }
    }
}
