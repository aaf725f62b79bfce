package io.kluster.app;

import io.kluster.topology.TopologySettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the topics Kluster needs when they are missing. */
public final class KlusterTopics {

    /**
     * Largest model bundle the model topic accepts. A DEC-size bundle (encoder and decoder) is about
     * 13 MB, over Kafka's 1 MB default, so the topic is created with its own limit instead of
     * chunking bundles.
     */
    public static final int MAX_MODEL_BYTES = 64 * 1024 * 1024;

    /** What the model topic must be: compacted (the newest bundle and centroids stay) and large enough for a bundle. */
    static final Map<String, String> MODEL_TOPIC_CONFIGS = Map.of(
            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
            TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(MAX_MODEL_BYTES));

    private static final Logger LOG = LoggerFactory.getLogger(KlusterTopics.class);

    private KlusterTopics() {
    }

    /**
     * Makes an existing model topic compacted and able to take a bundle. A broker with
     * auto.create.topics.enable creates the topic with its defaults (1 MB, delete) when any client
     * touches it first, and a DEC-size bundle could then never be published.
     */
    static void repairModelTopic(Admin admin, String topic) throws InterruptedException {
        try {
            alterModelTopicIfNeeded(admin, topic);
        } catch (ExecutionException e) {
            // A principal allowed to read and write topics may not be allowed to describe or alter their
            // configs; that must not stop an instance whose topic is right anyway.
            LOG.warn("Cannot check the settings of model topic {}: {}", topic, e.getCause().toString());
        }
    }

    private static void alterModelTopicIfNeeded(Admin admin, String topic) throws ExecutionException, InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config current = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        List<AlterConfigOp> changes = new ArrayList<>();
        for (Map.Entry<String, String> wanted : MODEL_TOPIC_CONFIGS.entrySet()) {
            ConfigEntry entry = current.get(wanted.getKey());
            if (entry == null || !wanted.getValue().equals(entry.value())) {
                changes.add(new AlterConfigOp(new ConfigEntry(wanted.getKey(), wanted.getValue()), AlterConfigOp.OpType.SET));
            }
        }
        if (!changes.isEmpty()) {
            LOG.warn("Model topic {} exists with other settings (auto-created?); setting {}", topic, MODEL_TOPIC_CONFIGS);
            admin.incrementalAlterConfigs(Map.of(resource, changes)).all().get();
        }
    }

    /**
     * Refuses a training topic of more than one partition: every partition is a task with a trainer of
     * its own, and several trainers would each publish models from a part of the samples.
     */
    static void checkTrainingTopic(Admin admin, String topic) throws ExecutionException, InterruptedException {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        if (partitions != 1) {
            throw new UserException("training topic " + topic + " has " + partitions + " partitions, but Kluster's "
                    + "trainer needs exactly one (each partition would run a trainer of its own); delete it or name "
                    + "another with kluster.training.topic");
        }
    }

    /**
     * Creates the input, output, dead-letter, model, training and cluster events topics that do not exist yet, and
     * checks the model and training topics that do.
     *
     * @throws UserException when an existing training topic has more than one partition
     */
    public static void ensure(Admin admin, TopologySettings settings, int partitions) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (NewTopic topic : List.of(
                    new NewTopic(settings.inputTopic(), partitions, (short) -1),
                    new NewTopic(settings.outputTopic(), partitions, (short) -1),
                    new NewTopic(settings.deadLetterTopic(), partitions, (short) -1),
                    new NewTopic(settings.modelTopic(), 1, (short) -1).configs(MODEL_TOPIC_CONFIGS),
                    new NewTopic(settings.trainingTopic(), 1, (short) -1),
                    // One partition: the events of successive model versions stay in order.
                    new NewTopic(settings.clusterEventsTopic(), 1, (short) -1))) {
                if (!existing.contains(topic.name())) {
                    missing.add(topic);
                }
            }
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
            }
            if (existing.contains(settings.modelTopic())) {
                repairModelTopic(admin, settings.modelTopic());
            }
            if (existing.contains(settings.trainingTopic())) {
                checkTrainingTopic(admin, settings.trainingTopic());
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
