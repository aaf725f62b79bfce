package io.kluster.app;

import io.kluster.topology.TopologySettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the topics Kluster needs when they are missing. */
public final class KlusterTopics {

    /**
     * Largest model bundle the model topic accepts. A DEC-size bundle (encoder and decoder) is about
     * 13 MB, over Kafka's 1 MB default, so the topic is created with its own limit instead of
     * chunking bundles.
     */
    public static final int MAX_MODEL_BYTES = 64 * 1024 * 1024;

    private KlusterTopics() {
    }

    /** Creates the input, output, dead-letter, model and training topics that do not exist yet. */
    public static void ensure(Admin admin, TopologySettings settings, int partitions) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (NewTopic topic : List.of(
                    new NewTopic(settings.inputTopic(), partitions, (short) -1),
                    new NewTopic(settings.outputTopic(), partitions, (short) -1),
                    new NewTopic(settings.deadLetterTopic(), partitions, (short) -1),
                    new NewTopic(settings.modelTopic(), 1, (short) -1).configs(Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MAX_MODEL_BYTES))),
                    new NewTopic(settings.trainingTopic(), 1, (short) -1))) {
                if (!existing.contains(topic.name())) {
                    missing.add(topic);
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics: " + e.getCause().getMessage(), e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }
}
