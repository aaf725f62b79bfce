package io.kluster.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kluster.cluster.ClusterEvent;
import java.io.IOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * JSON form of {@link ClusterEvent}s on the cluster events topic:
 * {@code {"version":7,"event":"split","ids":[3,11],"sizes":[412,198]}}.
 */
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
        ObjectNode root = JSON.createObjectNode();
        root.put("version", event.version());
        root.put("event", event.kind().id());
        ArrayNode ids = root.putArray("ids");
        for (int id : event.ids()) {
            ids.add(id);
        }
        ArrayNode sizes = root.putArray("sizes");
        for (long size : event.sizes()) {
            sizes.add(size);
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new SerializationException("cannot write a cluster event", e);
        }
    }

    static ClusterEvent decode(byte[] bytes) {
        try {
            JsonNode root = JSON.readTree(bytes);
            JsonNode idsNode = root.path("ids");
            JsonNode sizesNode = root.path("sizes");
            int[] ids = new int[idsNode.size()];
            long[] sizes = new long[sizesNode.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = idsNode.get(i).intValue();
            }
            for (int i = 0; i < sizes.length; i++) {
                sizes[i] = sizesNode.get(i).longValue();
            }
            return new ClusterEvent(root.path("version").longValue(), ClusterEvent.Kind.parse(root.path("event").asText()),
                    ids, sizes);
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("not a cluster event: " + e.getMessage(), e);
        }
    }
}
