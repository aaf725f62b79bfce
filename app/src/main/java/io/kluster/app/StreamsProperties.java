package io.kluster.app;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Kafka Streams settings Kluster runs with, before the user's own overrides. */
public final class StreamsProperties {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsProperties.class);

    /** Kluster's default {@code commit.interval.ms}: how often a task working through a backlog commits. */
    public static final int COMMIT_INTERVAL_MS = 1_000;

    private StreamsProperties() {
    }

    /**
     * Kluster's defaults: exactly-once v2, commits every second under a backlog, one stream
     * thread per core (each runs its tasks' encoder on one libtorch thread, so threads and cores
     * match), producer limits that
     * let model bundles through, RocksDB memory bounded for all stores together, then {@code overrides} (the user's Kafka settings), then the
     * identity of this application.
     */
    public static Properties of(String bootstrapServers, String applicationId, String stateDir, Map<String, Object> overrides) {
        Properties props = new Properties();
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Runtime.getRuntime().availableProcessors());
        // Long: a caught-up stream's tasks ask for commits sooner (kluster.commit.latency.ms); a
        // backlog commits this often, and the transactions it saves are time spent assigning.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // RocksDB's per-store defaults add up off-heap, outside -Xmx, with every partition.
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), KlusterTopics.MAX_MODEL_BYTES);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.BUFFER_MEMORY_CONFIG), 2L * KlusterTopics.MAX_MODEL_BYTES);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 5);
        props.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG),
                KlusterTopics.MAX_MODEL_BYTES);
        warnings(overrides).forEach(LOG::warn);
        props.putAll(overrides);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        return props;
    }

    /** What the user's overrides give up that Kluster promises by default, one sentence each. */
    static List<String> warnings(Map<String, Object> overrides) {
        Object guarantee = overrides.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        if (guarantee != null && !StreamsConfig.EXACTLY_ONCE_V2.equals(String.valueOf(guarantee))) {
            return List.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG + "=" + guarantee + " replaces Kluster's "
                    + StreamsConfig.EXACTLY_ONCE_V2 + ": after a crash or a rebalance records may be assigned twice, "
                    + "and the trainer's state may not match what it has consumed");
        }
        return List.of();
    }
}
