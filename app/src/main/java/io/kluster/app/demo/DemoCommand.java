package io.kluster.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kluster.app.ConfigOptions;
import io.kluster.app.KlusterConfig;
import io.kluster.app.KlusterInstance;
import io.kluster.app.UserException;
import io.kluster.app.broker.EmbeddedKafkaBroker;
import io.kluster.app.metrics.ClusterPage;
import io.kluster.app.metrics.ImageShape;
import io.kluster.app.metrics.MetricsServer;
import io.kluster.cluster.LabelIndex;
import io.kluster.app.train.DataFiles;
import io.kluster.app.train.LoadedData;
import io.kluster.data.Dataset;
import io.kluster.data.DatasetReader;
import io.kluster.data.InputFormat;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kluster demo}: a real single-node Kafka broker in this process, the topology from a cold
 * start, and a dataset replayed through it, with a live progress line and a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start an embedded Kafka broker, stream a dataset through Kluster from a cold start, "
                + "and report throughput, latency and clustering quality.")
public final class DemoCommand implements Callable<Integer> {

    /** Where Debian's dataset-fashion-mnist package puts the data. */
    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");
    private static final String SAMPLE_RESOURCE = "/io/kluster/app/demo/sample/";
    private static final String[] SAMPLE_FILES = {"sample-images-idx3-ubyte.gz", "sample-labels-idx1-ubyte.gz"};
    private static final Duration STALL_TIMEOUT = Duration.ofMinutes(5);
    /**
     * Settings the demo uses unless the user sets them: a first model from 6,000 records with a
     * shorter schedule (better than 2,000 records with a long one, in the same time), and retrains
     * often enough, and at full speed, that later records meet a retrained model within a short
     * stream (a paced retrain can outlast the demo's few minutes).
     */
    private static final Map<String, Object> DEMO_DEFAULTS = Map.of(
            KlusterConfig.COLD_START_RECORDS, 6_000,
            KlusterConfig.PRETRAIN_EPOCHS, 20,
            KlusterConfig.CLUSTER_EPOCHS, 10,
            KlusterConfig.RETRAIN_EVERY_RECORDS, 10_000,
            KlusterConfig.RETRAIN_CPU_SHARE, 1.0);
    /** A file of events with fewer than this many times the cold start has its cold start adapted. */
    private static final int SMALL_DATA_SHARE = 4;
    /** The fewest events an adapted cold start trains on. */
    private static final int MIN_COLD_START = 100;

    @Option(names = "--data", paramLabel = "PATH", description = "Dataset: an IDX folder or file, a .csv or a .jsonl file "
            + "(default: Fashion-MNIST from " + "/usr/share/datasets/fashion-mnist" + " when installed, else a small bundled sample).")
    Path data;

    @Option(names = "--limit", paramLabel = "N", description = "Stream only the first N records.")
    Integer limit;

    @Option(names = "--k", defaultValue = "10", description = "Number of clusters, or auto to choose it at the "
            + "first training and every retrain (default: ${DEFAULT-VALUE}).")
    String k;

    @Option(names = "--format", description = "Input format on the topic: json or binary for feature vectors; a file "
            + "of named-field events streams as fields (default: json, or fields for events).")
    String format;

    @Option(names = "--partitions", defaultValue = "2", description = "Input topic partitions (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--json", description = "End with one JSON summary object on the last line of stdout.")
    boolean json;

    @Option(names = "--rate", defaultValue = "1000", paramLabel = "RECORDS_PER_SEC",
            description = "Feed rate once the first model is live, like a live source; 0 sends as fast as possible "
                    + "(default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--assignments-out", paramLabel = "FILE.jsonl",
            description = "Write every assignment the output topic received, one JSON per line, as on the topic.")
    Path assignmentsOut;

    @Option(names = "--metrics-port", defaultValue = "8080", paramLabel = "PORT",
            description = "Serve the live page of the clusters (/), /metrics, /health and /ready on this port; "
                    + "when it is taken, any free port (default: ${DEFAULT-VALUE}; 0: any free port).")
    int metricsPort;

    @Option(names = "--metrics-host", defaultValue = "127.0.0.1",
            description = "Address the live page and metrics bind to (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(names = "--linger", defaultValue = "0", paramLabel = "SECONDS",
            description = "Keep the broker, the topology and the live page up this long after the summary "
                    + "(default: ${DEFAULT-VALUE}).")
    int lingerSeconds;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        InputFormat requested = format == null ? null : InputFormat.parse(format);
        if (limit != null && limit < 1) {
            throw new UserException("--limit must be >= 1, got " + limit);
        }
        if (rate < 0) {
            throw new UserException("--rate must be >= 0, got " + rate);
        }
        if (partitions < 1) {
            throw new UserException("--partitions must be >= 1, got " + partitions);
        }
        if (metricsPort < 0 || metricsPort > 65_535) {
            throw new UserException("--metrics-port must be between 0 and 65535, got " + metricsPort);
        }
        if (lingerSeconds < 0) {
            throw new UserException("--linger must be >= 0, got " + lingerSeconds);
        }
        Path tempRoot = Files.createTempDirectory("kluster-demo-");
        try {
            Map<String, Object> formatFlag = new HashMap<>();
            if (requested != null) {
                formatFlag.put(KlusterConfig.INPUT_FORMAT, requested.name().toLowerCase(java.util.Locale.ROOT));
            }
            LoadedData records = loadRecords(tempRoot, config.resolve(formatFlag));
            InputFormat inputFormat = records.namedFields() ? InputFormat.FIELDS : requested == null ? InputFormat.JSON : requested;
            if (records.namedFields() != (inputFormat == InputFormat.FIELDS)) {
                throw new UserException(records.namedFields()
                        ? "the data holds named-field events, which stream as --format fields, not " + format
                        : "the data holds feature vectors; --format fields is for named-field events");
            }
            Dataset dataset = records.dataset();
            if (k.trim().matches("\\d{1,5}") && dataset.size() < Integer.parseInt(k.trim())) {
                // Anything else that is not auto is reported by the configuration, with the key's rules.
                throw new UserException("the dataset has " + dataset.size() + " records, fewer than k=" + k.trim());
            }
            Map<String, Object> flags = new HashMap<>();
            flags.put(KlusterConfig.K, k);
            flags.put(KlusterConfig.INPUT_FORMAT, inputFormat.name().toLowerCase(java.util.Locale.ROOT));
            flags.put(KlusterConfig.TOPIC_PARTITIONS, partitions);
            Map<String, Object> userSet = config.resolve(flags).originals();
            DEMO_DEFAULTS.forEach((key, value) -> {
                if (!userSet.containsKey(key)) {
                    flags.put(key, value);
                }
            });
            KlusterConfig cfg = config.resolve(flags);
            int coldStart = cfg.getInt(KlusterConfig.COLD_START_RECORDS);
            if (records.namedFields() && !userSet.containsKey(KlusterConfig.COLD_START_RECORDS)
                    && coldStart > dataset.size() / SMALL_DATA_SHARE) {
                cfg = adaptToSmallData(flags, userSet, dataset.size());
            } else if (coldStart > dataset.size()) {
                // A short demo still needs its first model: train it on everything there is.
                flags.put(KlusterConfig.COLD_START_RECORDS, dataset.size());
                cfg = config.resolve(flags);
            }
            return run(cfg, records, inputFormat, tempRoot);
        } finally {
            deleteRecursively(tempRoot);
        }
    }

    /**
     * The settings for a file of events too small for the demo's cold start: the first model trains
     * on a quarter of it (at least {@value #MIN_COLD_START} events, or all there are), and the
     * stream retrains halfway through the rest, so that a few hundred events still show a model
     * made from the stream, assignments from it and a retrain.
     */
    private KlusterConfig adaptToSmallData(Map<String, Object> flags, Map<String, Object> userSet, int size) {
        int coldStart = Math.min(size, Math.max(MIN_COLD_START, size / SMALL_DATA_SHARE));
        flags.put(KlusterConfig.COLD_START_RECORDS, coldStart);
        int retrainEvery = Math.max(MIN_COLD_START, (size - coldStart) / 2);
        if (!userSet.containsKey(KlusterConfig.RETRAIN_EVERY_RECORDS)) {
            flags.put(KlusterConfig.RETRAIN_EVERY_RECORDS, retrainEvery);
        }
        System.err.printf("Cold start adapted to the data's size: the first model trains on %,d of the %,d events "
                + "(a quarter)%s; set %s to choose%n", coldStart, size, userSet.containsKey(KlusterConfig.RETRAIN_EVERY_RECORDS)
                        ? "" : String.format(", and the stream retrains every %,d events", retrainEvery),
                KlusterConfig.COLD_START_RECORDS);
        return config.resolve(flags);
    }

    private int run(KlusterConfig cfg, LoadedData records, InputFormat inputFormat, Path tempRoot) throws Exception {
        PrintStream err = System.err;
        long start = System.nanoTime();
        Dataset dataset = records.dataset();
        ImageShape imageShape = cfg.imageShape(dataset.dimension());
        try (MetricsServer http = new MetricsServer();
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().logDir(null).port(0).build()) {
            MeterRegistry meters = http.registry();
            broker.start();
            err.printf("Kafka broker (KRaft, in-process) at %s; %d %s from %s%n", broker.bootstrapServers(), dataset.size(),
                    records.namedFields() ? "events with the fields " + records.schema().names()
                            : "records of " + dataset.dimension() + " features", describeSource());
            try (KlusterInstance instance = KlusterInstance.start(cfg, broker.bootstrapServers(), "kluster-demo",
                    Files.createDirectories(tempRoot.resolve("state")).toString(),
                    records.namedFields() ? 0 : dataset.dimension(), null, meters)) {
                int port = serve(http, instance, imageShape);
                err.printf("Live page of the clusters: http://%s:%d/ (metrics: /metrics)%n", displayHost(), port);
                if (!instance.awaitRunning(Duration.ofMinutes(2))) {
                    throw new IllegalStateException("Kafka Streams did not reach RUNNING (state " + instance.streams().state() + ")");
                }
                Map<String, Integer> truth = truthById(dataset);
                OutputStream copy = assignmentsOut == null ? null
                        : new BufferedOutputStream(Files.newOutputStream(assignmentsOut), 1 << 16);
                AssignmentCollector collector = new AssignmentCollector(broker.bootstrapServers(),
                        instance.settings().outputTopic(), instance.settings().deadLetterTopic(), truth, copy);
                Thread reader = new Thread(collector, "kluster-demo-reader");
                reader.start();
                DemoFeed feed = new DemoFeed(broker.bootstrapServers(), instance.settings().inputTopic(), dataset,
                        records.events(), cfg.fieldsSettings(), inputFormat,
                        instance.settings().coldStartRecords(), () -> instance.registry().current() != null, rate);
                Thread writer = new Thread(feed, "kluster-demo-feed");
                long feedStart = System.currentTimeMillis();
                writer.start();
                AssignmentCollector.Snapshot last = follow(instance, collector, feed, writer, dataset.size(), !truth.isEmpty());
                collector.close();
                reader.join(5_000);
                if (copy != null) {
                    copy.close();
                }
                report(last, dataset.size(), feed.steadyStartMillis() - feedStart, last.lastAssignmentMillis() - feed.steadyStartMillis(),
                        (System.nanoTime() - start) / 1e9, instance);
                if (lingerSeconds > 0) {
                    err.printf("The live page stays up at http://%s:%d/ for %d s%n", displayHost(), port, lingerSeconds);
                    Thread.sleep(lingerSeconds * 1000L);
                }
                return last.assigned() + last.deadLettered() == dataset.size() && last.duplicates() == 0 ? 0 : 1;
            }
        }
    }

    /** Serves the page on the chosen port, or on any free one when that is taken. */
    private int serve(MetricsServer http, KlusterInstance instance, ImageShape imageShape) {
        ClusterPage page = new ClusterPage(instance.metrics().activity(), imageShape, instance.registry()::current);
        BooleanSupplier ready = () -> instance.streams().state() == KafkaStreams.State.RUNNING
                && instance.registry().current() != null;
        try {
            return http.start(metricsHost, metricsPort, ready, page);
        } catch (UncheckedIOException e) {
            if (metricsPort == 0) {
                throw new UserException(e.getMessage(), e);
            }
            System.err.printf("Port %d is taken; serving the live page on a free port instead%n", metricsPort);
            return http.start(metricsHost, 0, ready, page);
        }
    }

    private String displayHost() {
        return metricsHost.equals("0.0.0.0") ? "localhost" : metricsHost;
    }

    private AssignmentCollector.Snapshot follow(KlusterInstance instance, AssignmentCollector collector, DemoFeed feed,
            Thread writer, int total, boolean labelled) throws InterruptedException {
        boolean terminal = System.console() != null;
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("Assigned")
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(terminal ? 250 : 5_000)
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .showSpeed()
                .build()) {
            long lastProgress = System.nanoTime();
            long lastCount = -1;
            long lastQuality = 0;
            AssignmentCollector.Snapshot snapshot;
            while (true) {
                boolean quality = labelled && System.nanoTime() - lastQuality > 1_000_000_000L;
                snapshot = collector.snapshot(quality, feed.steadyStartMillis());
                if (quality) {
                    lastQuality = System.nanoTime();
                    bar.setExtraMessage(String.format(" fed %d · dead-lettered %d · model v%d · ACC %s NMI %s",
                            feed.sent(), snapshot.deadLettered(), instance.registry().version(),
                            format(snapshot.acc()), format(snapshot.nmi())));
                } else if (!labelled) {
                    bar.setExtraMessage(String.format(" fed %d · dead-lettered %d · model v%d", feed.sent(),
                            snapshot.deadLettered(), instance.registry().version()));
                }
                bar.stepTo(snapshot.assigned());
                long done = snapshot.assigned() + snapshot.deadLettered();
                if (done >= total && !writer.isAlive()) {
                    break;
                }
                if (feed.failure() != null) {
                    throw new IllegalStateException("the feed failed: " + feed.failure().getMessage());
                }
                KafkaStreams.State state = instance.streams().state();
                if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
                    throw new IllegalStateException("Kafka Streams stopped (state " + state + ")");
                }
                if (done != lastCount) {
                    lastCount = done;
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > STALL_TIMEOUT.toNanos()) {
                    throw new IllegalStateException("no progress for " + STALL_TIMEOUT.toMinutes() + " minutes after "
                            + done + " of " + total + " records");
                }
                Thread.sleep(100);
            }
            return collector.snapshot(labelled, feed.steadyStartMillis());
        }
    }

    private void report(AssignmentCollector.Snapshot s, int recordsIn, long coldStartMillis, long steadyMillis,
            double totalSeconds, KlusterInstance instance) throws IOException {
        long modelVersion = instance.registry().version();
        long retrains = Math.max(0, instance.metrics().retrainCount() - 1);
        Double throughput = s.assignedSteady() > 0 && steadyMillis > 0 ? s.assignedSteady() * 1000.0 / steadyMillis : null;
        PrintStream out = System.out;
        out.println();
        out.println("Kluster demo summary");
        out.printf("  records in        %,d%n", recordsIn);
        out.printf("  assigned          %,d (duplicates: %d)%n", s.assigned(), s.duplicates());
        out.printf("  dead-lettered     %,d%n", s.deadLettered());
        out.printf("  cold start        %.1f s to the first model (trained on the first %,d records, which waited)%n",
                coldStartMillis / 1000.0, recordsIn - s.assignedSteady());
        out.printf("  throughput        %s records/s (the %,d records streamed once the model was live)%n",
                format0(throughput), s.assignedSteady());
        out.printf("  latency p50 / p99 %s / %s ms (those records, fed %s)%n",
                format0(s.p50LatencyMs()), format0(s.p99LatencyMs()),
                rate > 0 ? String.format("at up to %,.0f records/s", rate) : "as fast as possible");
        out.printf("  model versions    %d seen in the output (current v%d): %d retrain(s), %.0f centroid update(s), "
                + "%.0f reseed(s)%n", s.modelVersions(), modelVersion, retrains, instance.metrics().centroidUpdateCount(),
                instance.metrics().reseedCount());
        if (s.acc() != null) {
            out.printf("  prequential       ACC %.3f  NMI %.3f  ARI %.3f%n", s.acc(), s.nmi(), s.ari());
        } else {
            out.println("  prequential       no labels in the data");
        }
        out.printf("  wall time         %.1f s%n", totalSeconds);
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode summary = mapper.createObjectNode();
            summary.put("records_in", recordsIn);
            summary.put("assigned", s.assigned());
            summary.put("dead_lettered", s.deadLettered());
            summary.put("duplicates", s.duplicates());
            summary.put("records_per_sec", throughput == null ? null : (double) Math.round(throughput));
            summary.put("cold_start_seconds", Math.round(coldStartMillis / 100.0) / 10.0);
            summary.put("p50_latency_ms", s.p50LatencyMs());
            summary.put("p99_latency_ms", s.p99LatencyMs());
            summary.put("max_latency_ms", s.maxLatencyMs());
            summary.put("acc", s.acc());
            summary.put("nmi", s.nmi());
            summary.put("ari", s.ari());
            summary.put("model_versions", s.modelVersions());
            summary.put("retrains", retrains);
            summary.put("centroid_updates", Math.round(instance.metrics().centroidUpdateCount()));
            summary.put("reseeds", Math.round(instance.metrics().reseedCount()));
            summary.put("seconds", Math.round(totalSeconds * 10) / 10.0);
            out.println(mapper.writeValueAsString(summary));
        }
        out.flush();
    }

    private LoadedData loadRecords(Path tempRoot, KlusterConfig cfg) throws IOException {
        Path source = data;
        if (source == null) {
            source = Files.isDirectory(FASHION_MNIST) ? FASHION_MNIST : extractSample(tempRoot);
        }
        return DataFiles.load(source, limit, cfg, null);
    }

    private String describeSource() {
        if (data != null) {
            return data.toString();
        }
        return Files.isDirectory(FASHION_MNIST) ? FASHION_MNIST.toString() : "the bundled Fashion-MNIST sample";
    }

    /** Copies the bundled Fashion-MNIST sample out of the jar into {@code tempRoot}. */
    static Path extractSample(Path tempRoot) throws IOException {
        Path dir = Files.createDirectories(tempRoot.resolve("sample"));
        for (String name : SAMPLE_FILES) {
            try (InputStream in = DemoCommand.class.getResourceAsStream(SAMPLE_RESOURCE + name)) {
                if (in == null) {
                    throw new IOException("the bundled sample " + name + " is missing from the jar");
                }
                Files.copy(in, dir.resolve(name));
            }
        }
        return dir;
    }

    private static Map<String, Integer> truthById(Dataset dataset) {
        Map<String, Integer> truth = new HashMap<>();
        if (!dataset.hasLabels()) {
            return truth;
        }
        LabelIndex index = new LabelIndex();
        for (int i = 0; i < dataset.size(); i++) {
            String label = dataset.labels()[i];
            if (label != null) {
                truth.put(dataset.ids()[i], index.indexOf(label));
            }
        }
        return truth;
    }

    private static String format(Double value) {
        return value == null ? "-" : String.format("%.3f", value);
    }

    private static String format0(Double value) {
        return value == null ? "-" : String.format("%.0f", value);
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
