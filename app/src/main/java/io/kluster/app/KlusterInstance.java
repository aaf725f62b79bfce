package io.kluster.app;

import io.kluster.model.ModelBundle;
import io.kluster.topology.BackgroundModelTrainer;
import io.kluster.topology.KlusterMetrics;
import io.kluster.topology.KlusterTopology;
import io.kluster.topology.ModelRegistry;
import io.kluster.topology.ModelTrainingService;
import io.kluster.topology.TopologySettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * One running Kluster: its topics ensured, the given model published, and a KafkaStreams
 * instance running the topology with a model registry and a background trainer of its own.
 */
public final class KlusterInstance implements AutoCloseable {

    private final KafkaStreams streams;
    private final ModelRegistry registry;
    private final ModelTrainingService trainer;
    private final TopologySettings settings;

    private final KlusterMetrics metrics;
    private final KafkaStreamsMetrics streamsMetrics;
    private final CompletableFuture<KafkaStreams.State> terminated;

    private KlusterInstance(KafkaStreams streams, ModelRegistry registry, ModelTrainingService trainer,
            TopologySettings settings, KlusterMetrics metrics, KafkaStreamsMetrics streamsMetrics,
            CompletableFuture<KafkaStreams.State> terminated) {
        this.terminated = terminated;
        this.streams = streams;
        this.registry = registry;
        this.trainer = trainer;
        this.settings = settings;
        this.metrics = metrics;
        this.streamsMetrics = streamsMetrics;
    }

    /** Kluster's meters of this instance. */
    public KlusterMetrics metrics() {
        return metrics;
    }

    /**
     * Creates missing topics, publishes {@code model} if it is newer than the model topic's, and
     * starts the streams application.
     *
     * @param model a model to start from, or null to train the first one from the stream
     */
    public static KlusterInstance start(KlusterConfig config, String bootstrapServers, String applicationId,
            String stateDir, int inputDimension, ModelBundle model, MeterRegistry meters) {
        CompilerPolicy.parse(config.getString(KlusterConfig.JIT_C2)).install();
        TopologySettings settings = config.topologySettings(inputDimension, model);
        Map<String, Object> kafka = config.kafkaProperties();
        try (Admin client = Admin.create(adminProperties(kafka, bootstrapServers))) {
            KlusterTopics.ensure(client, settings, config.getInt(KlusterConfig.TOPIC_PARTITIONS));
        }
        if (model != null) {
            ModelPublisher.publishIfNewer(bootstrapServers, clientOnly(kafka), settings.modelTopic(), model);
        }
        ModelRegistry registry = new ModelRegistry();
        ModelTrainingService trainer = new BackgroundModelTrainer(config.trainingSettings(), config.retrainSettings(),
                config.kSelector());
        KlusterMetrics metrics = new KlusterMetrics(meters, registry, config.clusterActivity(settings.inputDimension()));
        Topology topology = KlusterTopology.build(settings, config.onlineLearningSettings(), registry, trainer, metrics);
        Properties props = StreamsProperties.of(bootstrapServers, applicationId, stateDir, kafka);
        KafkaStreams streams = new KafkaStreams(topology, props);
        KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(meters);
        CompletableFuture<KafkaStreams.State> terminated = new CompletableFuture<>();
        // KafkaStreams accepts a state listener only before start(), so callers get the future instead.
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                terminated.complete(now);
            }
        });
        streams.start();
        return new KlusterInstance(streams, registry, trainer, settings, metrics, streamsMetrics, terminated);
    }

    /** The settings of the admin client that creates the topics: every Kafka setting, security included. */
    static Map<String, Object> adminProperties(Map<String, Object> kafka, String bootstrapServers) {
        Map<String, Object> admin = new java.util.HashMap<>(kafka);
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return admin;
    }

    /** Client settings (security and the like) without the Streams-only keys, for the model publisher. */
    static Map<String, Object> clientOnly(Map<String, Object> kafka) {
        Map<String, Object> out = new java.util.HashMap<>();
        kafka.forEach((k, v) -> {
            if (k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** Completes with ERROR or NOT_RUNNING once the streams application has stopped, for whatever reason. */
    public CompletableFuture<KafkaStreams.State> terminated() {
        return terminated;
    }

    /** The streams application. */
    public KafkaStreams streams() {
        return streams;
    }

    /** The model this instance assigns with. */
    public ModelRegistry registry() {
        return registry;
    }

    /** The settings the topology runs with. */
    public TopologySettings settings() {
        return settings;
    }

    /** Waits until the streams application is RUNNING; false on timeout or failure. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                return false;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        streamsMetrics.close();
        trainer.close();
    }
}
