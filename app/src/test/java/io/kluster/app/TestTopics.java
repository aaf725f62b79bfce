package io.kluster.app;

import java.util.HashMap;
import java.util.Map;

/** Topic names of one integration test's application, all under one prefix, so that tests sharing a broker never meet. */
final class TestTopics {

    private TestTopics() {
    }

    /** Flags naming every topic of an application {@code prefix-in}, {@code prefix-out}, ...; a fresh map to add to. */
    static Map<String, Object> flags(String prefix) {
        Map<String, Object> flags = new HashMap<>();
        flags.put(KlusterConfig.INPUT_TOPIC, prefix + "-in");
        flags.put(KlusterConfig.OUTPUT_TOPIC, prefix + "-out");
        flags.put(KlusterConfig.DEAD_LETTER_TOPIC, prefix + "-dlq");
        flags.put(KlusterConfig.MODEL_TOPIC, prefix + "-models");
        flags.put(KlusterConfig.TRAINING_TOPIC, prefix + "-training");
        flags.put(KlusterConfig.CLUSTER_EVENTS_TOPIC, prefix + "-events");
        return flags;
    }
}
