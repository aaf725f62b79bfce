package io.kluster.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kluster.cluster.ClusterEvent;

/**
 * The JSON form of a {@link ClusterEvent}, one for the model bundle's lineage and the cluster events
 * topic: {@code {"version":7,"event":"split","ids":[3,11],"sizes":[412,198]}}.
 */
public final class ClusterEventJson {

    private ClusterEventJson() {
    }

    /** Writes {@code event}'s fields into {@code node}. */
    public static ObjectNode write(ClusterEvent event, ObjectNode node) {
        node.put("version", event.version());
        node.put("event", event.kind().id());
        ArrayNode ids = node.putArray("ids");
        for (int id : event.ids()) {
            ids.add(id);
        }
        ArrayNode sizes = node.putArray("sizes");
        for (long size : event.sizes()) {
            sizes.add(size);
        }
        return node;
    }

    /**
     * Reads an event written by {@link #write}.
     *
     * @throws IllegalArgumentException when {@code node} is not one
     */
    public static ClusterEvent read(JsonNode node) {
        JsonNode version = node.path("version");
        if (!version.canConvertToLong() || !node.path("event").isTextual()) {
            throw new IllegalArgumentException("a cluster event needs a version and an event");
        }
        JsonNode idsNode = node.path("ids");
        JsonNode sizesNode = node.path("sizes");
        int[] ids = new int[idsNode.size()];
        long[] sizes = new long[sizesNode.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = idsNode.get(i).asInt(-1);
        }
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = sizesNode.get(i).asLong(-1);
        }
        return new ClusterEvent(version.longValue(), ClusterEvent.Kind.parse(node.path("event").asText()), ids, sizes);
    }
}
