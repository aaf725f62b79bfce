package io.kluster.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kluster.app.broker.SharedBroker;
import io.kluster.topology.TopologySettings;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/** Specification of the topics Kluster creates, against a real broker. */
@Timeout(120)
class KlusterTopicsTest {

    @RegisterExtension
    static final SharedBroker KAFKA = new SharedBroker();

    @Test
    void aTrainingTopicOfSeveralPartitionsIsRefusedWithAClearError() throws Exception {
        KAFKA.broker().createTopic("wide-training", 3, Map.of());
        TopologySettings settings = TopologySettings.builder(4).inputTopic("w-in").outputTopic("w-out")
                .deadLetterTopic("w-dlq").modelTopic("w-models").trainingTopic("wide-training").build();

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            assertThatThrownBy(() -> KlusterTopics.ensure(admin, settings, 1))
                    .isInstanceOf(UserException.class)
                    .hasMessageContaining("wide-training has 3 partitions")
                    .hasMessageContaining("kluster.training.topic");
        }
    }

    @Test
    void aModelTopicAutoCreatedWithBrokerDefaultsIsMadeCompactedAndLargeEnoughForABundle() throws Exception {
        // What auto.create.topics.enable leaves when a client touches the topic before Kluster creates it.
        KAFKA.broker().createTopic("auto-models", 1, Map.of());
        TopologySettings settings = TopologySettings.builder(4).inputTopic("t-in").outputTopic("t-out")
                .deadLetterTopic("t-dlq").modelTopic("auto-models").trainingTopic("t-training").build();

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            KlusterTopics.ensure(admin, settings, 1);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "auto-models");
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);

            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
            assertThat(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value())
                    .isEqualTo(String.valueOf(KlusterTopics.MAX_MODEL_BYTES));
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers(),
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, KlusterTopics.MAX_MODEL_BYTES), new StringSerializer(),
                new ByteArraySerializer())) {
            // Over the broker's 1 MB default: refused before the repair.
            producer.send(new ProducerRecord<>("auto-models", "model", new byte[3 * 1024 * 1024])).get();
        }
    }
}
