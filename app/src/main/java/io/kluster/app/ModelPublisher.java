package io.kluster.app;

import io.kluster.model.ModelBundle;
import io.kluster.model.ModelBundleCodec;
import io.kluster.topology.CentroidUpdate;
import io.kluster.topology.KlusterTopology;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Puts a model given on the command line onto the model topic, unless the topic already has a newer one. */
final class ModelPublisher {

    private ModelPublisher() {
    }

    /**
     * Publishes {@code bundle} when the model topic's newest version is lower; returns the version
     * that is current on the topic afterwards.
     */
    static long publishIfNewer(String bootstrapServers, Map<String, Object> clientProperties, String topic,
            ModelBundle bundle) {
        long onTopic = newestVersion(bootstrapServers, clientProperties, topic);
        if (onTopic >= bundle.version()) {
            return onTopic;
        }
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, KlusterTopics.MAX_MODEL_BYTES);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 2L * KlusterTopics.MAX_MODEL_BYTES);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, KlusterTopology.BUNDLE_KEY, ModelBundleCodec.toBytes(bundle))).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot publish the model: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the model", e);
        }
        return bundle.version();
    }

    /** The highest model version on the (single-partition) model topic, 0 when empty. */
    static long newestVersion(String bootstrapServers, Map<String, Object> clientProperties, String topic) {
        Map<String, Object> props = new HashMap<>(clientProperties);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, KlusterTopics.MAX_MODEL_BYTES);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        TopicPartition partition = new TopicPartition(topic, 0);
        long newest = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() == null) {
                        continue;
                    }
                    if (KlusterTopology.CENTROIDS_KEY.equals(record.key())) {
                        try {
                            newest = Math.max(newest, CentroidUpdate.fromBytes(record.value()).version());
                        } catch (IllegalArgumentException e) {
                            // an unreadable update carries no version worth keeping
                        }
                    } else {
                        newest = Math.max(newest, ModelBundleCodec.peekVersion(record.value()));
                    }
                }
            }
        }
        return newest;
    }
}
