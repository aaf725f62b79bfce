package io.kluster.app;

import io.kluster.app.metrics.ClusterPage;
import io.kluster.app.metrics.ImageShape;
import io.kluster.app.metrics.MetricsServer;
import io.kluster.model.ModelBundle;
import io.kluster.model.ModelBundleCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kluster run}: the topology against an existing Kafka cluster, until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the clustering topology against an existing Kafka cluster until stopped (SIGTERM/Ctrl-C).")
public final class RunCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers, host:port[,host:port].")
    String bootstrapServers;

    @Option(names = "--application-id", defaultValue = "kluster",
            description = "Kafka Streams application id; instances with the same id share the work (default: ${DEFAULT-VALUE}).")
    String applicationId;

    @Option(names = "--input-topic", description = "Input topic (kluster.input.topic).")
    String inputTopic;

    @Option(names = "--output-topic", description = "Output topic (kluster.output.topic).")
    String outputTopic;

    @Option(names = "--dead-letter-topic", description = "Dead-letter topic (kluster.dead.letter.topic).")
    String deadLetterTopic;

    @Option(names = "--state-dir", description = "Kafka Streams state directory (default: a kluster-streams folder in the temp dir).")
    Path stateDir;

    @Option(names = "--model", paramLabel = "DIR", description = "A saved model to start from (see 'Model directory' in the README).")
    Path modelDir;

    @Option(names = "--k", description = "Number of clusters for the first model, or auto to choose it at the "
            + "first training and every retrain (kluster.k).")
    String k;

    @Option(names = "--dimension", description = "Features per input record (kluster.input.dimension); "
            + "required without --model, except for named-field events (kluster.input.format=fields).")
    Integer dimension;

    @Option(names = "--metrics-port", description = "Serve /metrics (Prometheus), /health, /ready and the live page "
            + "of the clusters (/) on this port.")
    Integer metricsPort;

    @Option(names = "--metrics-host", defaultValue = "0.0.0.0",
            description = "Address the metrics endpoints bind to; 127.0.0.1 keeps them local (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> flags = new HashMap<>();
        flags.put(KlusterConfig.INPUT_TOPIC, inputTopic);
        flags.put(KlusterConfig.OUTPUT_TOPIC, outputTopic);
        flags.put(KlusterConfig.DEAD_LETTER_TOPIC, deadLetterTopic);
        flags.put(KlusterConfig.K, k);
        flags.put(KlusterConfig.INPUT_DIMENSION, dimension);
        flags.values().removeIf(java.util.Objects::isNull);
        KlusterConfig cfg = config.resolve(flags);

        ModelBundle model = modelDir == null ? null : loadModel(modelDir);
        int inputDimension = inputDimension(cfg, model);
        Path state = stateDir != null ? stateDir : Path.of(System.getProperty("java.io.tmpdir"), "kluster-streams");
        Files.createDirectories(state);

        ImageShape imageShape = cfg.imageShape(inputDimension);
        MetricsServer metrics = new MetricsServer();
        KlusterInstance instance = KlusterInstance.start(cfg, bootstrapServers, applicationId, state.toString(),
                inputDimension, model, metrics.registry());
        if (metricsPort != null) {
            int port = metrics.start(metricsHost, metricsPort, () -> instance.streams().state() == KafkaStreams.State.RUNNING
                    && instance.registry().current() != null, new ClusterPage(instance.metrics().activity(), imageShape,
                    instance.registry()::current));
            LOG.info("Live page at http://{}:{}/ and metrics at http://{}:{}/metrics", metricsHost, port, metricsHost, port);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            instance.close();
            metrics.close();
        }, "kluster-shutdown"));
        LOG.info("Kluster {} running: {} -> {} ({})", applicationId, instance.settings().inputTopic(),
                instance.settings().outputTopic(), inputDimension == 0 ? "named-field events" : inputDimension + " features");
        KafkaStreams.State end = instance.terminated().get();
        if (end == KafkaStreams.State.ERROR) {
            LOG.error("Kafka Streams stopped with an error; see the log above");
            return 1;
        }
        return 0;
    }

    /** Loads a model directory, or fails with one line saying why. */
    public static ModelBundle loadModel(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserException("model directory not found: " + dir);
        }
        try {
            return ModelBundleCodec.load(dir);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserException("cannot load model from " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The input dimension: configured or the model's for vectors, 0 for named-field events. */
    static int inputDimension(KlusterConfig cfg, ModelBundle model) {
        int configured = cfg.getInt(KlusterConfig.INPUT_DIMENSION);
        if (cfg.namedFields()) {
            if (configured != 0) {
                throw new UserException("--dimension does not apply to " + KlusterConfig.INPUT_FORMAT
                        + "=fields: the model's field schema sets the width");
            }
            if (model != null && model.schema() == null) {
                throw new UserException("the model takes feature vectors, not named-field events; train it on events "
                        + "or drop " + KlusterConfig.INPUT_FORMAT + "=fields");
            }
            return 0;
        }
        if (model != null && model.schema() != null) {
            throw new UserException("the model takes named-field events (fields " + model.schema().names()
                    + "); set " + KlusterConfig.INPUT_FORMAT + "=fields");
        }
        if (model != null) {
            if (configured != 0 && configured != model.inputDimension()) {
                throw new UserException("--dimension " + configured + " does not match the model's input dimension "
                        + model.inputDimension());
            }
            return model.inputDimension();
        }
        if (configured == 0) {
            throw new UserException("without --model, set the input dimension with --dimension (or kluster.input.dimension)");
        }
        return configured;
    }

}
