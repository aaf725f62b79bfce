package io.kluster.app.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kluster.app.ConfigOptions;
import io.kluster.app.KlusterConfig;
import io.kluster.app.KlusterInstance;
import io.kluster.app.broker.EmbeddedKafkaBroker;
import io.kluster.cluster.StudentTAssigner;
import io.kluster.data.Dataset;
import io.kluster.data.InputFormat;
import io.kluster.model.Autoencoder;
import io.kluster.model.EncoderSpec;
import io.kluster.model.Embedder;
import io.kluster.model.FeatureScaler;
import io.kluster.model.ModelBundle;
import io.kluster.topology.TopologySettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code kluster bench}: throughput and latency in one run, beside the ceilings they are bounded
 * by: the encoder's forward pass alone, the Student's t step alone, then end to end through a real
 * embedded broker in binary and JSON input, latency at half of the measured rate, and the rate
 * while retrains run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the encoder and assignment ceilings, end-to-end throughput through an embedded broker "
                + "(binary and JSON input), latency at half load and throughput while retraining.")
public final class BenchCommand implements Callable<Integer> {

    private static final int DIMENSION = 784;
    private static final int K = 10;
    private static final int MAX_WARM_UP_RUNS = 6;
    private static final double SETTLED_JIT_SHARE = 0.05;
    /**
     * Records sent in a run's first second are left out of its latency percentiles: a fresh
     * instance opens each task's encoder and its first transactions then, a cost paid once per
     * start or rebalance, not per record at load. The worst latency of the whole run is reported beside.
     */
    private static final long LATENCY_RAMP_MILLIS = 1_000;

    @Option(names = "--records", defaultValue = "40000", description = "Records per end-to-end run (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--seconds", defaultValue = "5", description = "Seconds per in-memory measurement (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--json", description = "End with one JSON summary object on the last line of stdout.")
    boolean json;

    @Option(names = "--scaling", description = "Also measure binary end to end over 1, 2 and 4 input partitions, "
            + "with one and with two instances (same application id, one stream thread each).")
    boolean scaling;

    @Mixin
    ConfigOptions config;

    private double blackhole;

    @Override
    public Integer call() throws Exception {
        KlusterConfig base = config.resolve(Map.of());
        int batch = base.getInt(KlusterConfig.BATCH_SIZE);
        ModelBundle model = randomModel(base.getString(KlusterConfig.ENCODER_WIDTHS));
        Dataset data = randomData(Math.max(records, batch));
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode result = mapper.createObjectNode();
        result.put("batch_size", batch);
        result.put("encoder", model.encoder().toString());

        double encoder = encoderCeiling(model, data, batch);
        result.put("encoder_records_per_sec", Math.round(encoder));
        System.err.printf("encoder forward alone       %,10.0f records/s%n", encoder);
        double assign = assignCeiling(model);
        result.put("assign_records_per_sec", Math.round(assign));
        System.err.printf("Student's t alone           %,10.0f records/s%n", assign);

        Path temp = Files.createTempDirectory("kluster-bench-");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build()) {
            broker.start();
            warmUp(broker, temp, model, data);
            Run binary = endToEnd(broker, temp, "binary", InputFormat.BINARY, model, data, 0, Map.of());
            System.err.printf("end to end, binary input    %,10.0f records/s%n", binary.rate);
            System.err.printf("  CPU of both cores during it: %s%n", binary.cpu);
            Run jsonRun = endToEnd(broker, temp, "json", InputFormat.JSON, model, data, 0, Map.of());
            System.err.printf("end to end, JSON input      %,10.0f records/s%n", jsonRun.rate);
            Run best = binary.rate >= jsonRun.rate ? binary : jsonRun;
            InputFormat bestFormat = best == binary ? InputFormat.BINARY : InputFormat.JSON;
            Run half = endToEnd(broker, temp, "half", bestFormat, model, data, best.rate / 2, Map.of());
            System.err.printf("latency at %,.0f records/s  p50 %s ms, p99 %s ms (after the first second; worst of the run %s ms)%n",
                    best.rate / 2, half.p50, half.p99, half.max);
            // A quarter of the records are samples (the default is a tenth), so that the buffer holds enough for
            // a retrain early in the run; the copies cost the pipeline a little, which only lowers the figure.
            Run retraining = endToEnd(broker, temp, "retrain", bestFormat, model, data, 0,
                    Map.of(KlusterConfig.TRAINING_SAMPLE_RATE, 0.25, KlusterConfig.RETRAIN_EVERY_RECORDS, records / 8));
            System.err.printf("end to end while retraining %,10.0f records/s over the %.1f s a retrain ran (%d started)%n",
                    retraining.retrainingRate, retraining.retrainingSeconds, retraining.retrains);
            System.err.printf("  CPU of both cores during it: %s%n", retraining.cpu);
            result.put("e2e_binary_records_per_sec", Math.round(binary.rate));
            ObjectNode cpu = result.putObject("e2e_binary_cpu_share");
            binary.cpu.forEach(cpu::put);
            result.put("e2e_json_records_per_sec", Math.round(jsonRun.rate));
            result.put("e2e_records_per_sec", Math.round(best.rate));
            result.put("e2e_format", bestFormat.name().toLowerCase(java.util.Locale.ROOT));
            result.put("p50_latency_ms_at_half_load", half.p50);
            result.put("p99_latency_ms_at_half_load", half.p99);
            result.put("max_latency_ms_at_half_load", half.max);
            result.put("e2e_records_per_sec_while_retraining", Math.round(retraining.retrainingRate));
            result.put("seconds_a_retrain_ran", Math.round(retraining.retrainingSeconds * 10) / 10.0);
            result.put("retrains_started_during_run", retraining.retrains);
            result.put("e2e_share_of_encoder_ceiling", Math.round(1000 * best.rate / encoder) / 1000.0);
            result.put("share_kept_while_retraining", Math.round(1000 * retraining.retrainingRate / best.rate) / 1000.0);
            ObjectNode retrainCpu = result.putObject("e2e_retraining_cpu_share");
            retraining.cpu.forEach(retrainCpu::put);
            if (scaling) {
                ArrayNode table = result.putArray("scaling");
                for (int instances : new int[] {1, 2}) {
                    for (int partitions : new int[] {1, 2, 4}) {
                        String name = "scale-" + partitions + "p" + instances + "i";
                        Run run = endToEnd(broker, temp, name, InputFormat.BINARY, model, data, 0,
                                Map.of(KlusterConfig.TOPIC_PARTITIONS, partitions, StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1),
                                instances);
                        System.err.printf("binary, %d partition(s), %d instance(s) %,10.0f records/s%n", partitions,
                                instances, run.rate);
                        table.addObject().put("partitions", partitions).put("instances", instances)
                                .put("records_per_sec", Math.round(run.rate))
                                .put("stream_threads_cpu_share", run.cpu.get(CpuBreakdown.STREAM))
                                .put("broker_cpu_share", run.cpu.get(CpuBreakdown.BROKER));
                    }
                }
            }
        } finally {
            try (var paths = Files.walk(temp)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.println(json ? mapper.writeValueAsString(result) : mapper.writerWithDefaultPrettyPrinter().writeValueAsString(result));
        return 0;
    }

    /**
     * Runs both formats end to end until the JIT compiler has settled (under
     * {@value #SETTLED_JIT_SHARE} of the cores during a run) or {@value #MAX_WARM_UP_RUNS} runs
     * are done: Kafka's broker and clients and Kluster are a lot of code, and a JVM that still
     * compiles gives a third of the machine to its compiler.
     */
    private void warmUp(EmbeddedKafkaBroker broker, Path temp, ModelBundle model, Dataset data) throws Exception {
        for (int i = 1; i <= MAX_WARM_UP_RUNS; i++) {
            InputFormat format = i % 2 == 1 ? InputFormat.BINARY : InputFormat.JSON;
            Run run = endToEnd(broker, temp, "warm-up-" + i, format, model, data, 0, Map.of());
            double jit = run.cpu.get(CpuBreakdown.JIT);
            System.err.printf("warm-up %d (%s)             %,10.0f records/s, JIT compiler %.0f%% of the cores%n", i,
                    format.name().toLowerCase(java.util.Locale.ROOT), run.rate, 100 * jit);
            if (jit < SETTLED_JIT_SHARE && i >= 2) {
                return;
            }
        }
    }

    /** One end-to-end run: its rate, latency (percentiles after the ramp, and the worst), retrains started and where the CPU went. */
    private record Run(double rate, Double p50, Double p99, Double max, long retrains, double retrainingRate,
            double retrainingSeconds, Map<String, Double> cpu) {
    }

    private Run endToEnd(EmbeddedKafkaBroker broker, Path temp, String name, InputFormat format, ModelBundle model,
            Dataset data, double rate, Map<String, Object> extra) throws Exception {
        return endToEnd(broker, temp, name, format, model, data, rate, extra, 1);
    }

    /** Streams {@code records} through {@code instances} instances sharing one application id. */
    private Run endToEnd(EmbeddedKafkaBroker broker, Path temp, String name, InputFormat format, ModelBundle model,
            Dataset data, double rate, Map<String, Object> extra, int instances) throws Exception {
        Map<String, Object> flags = new HashMap<>(extra);
        flags.put(KlusterConfig.INPUT_TOPIC, name + "-in");
        flags.put(KlusterConfig.OUTPUT_TOPIC, name + "-out");
        flags.put(KlusterConfig.DEAD_LETTER_TOPIC, name + "-dlq");
        flags.put(KlusterConfig.MODEL_TOPIC, name + "-models");
        flags.put(KlusterConfig.TRAINING_TOPIC, name + "-training");
        flags.put(KlusterConfig.INPUT_FORMAT, format.name().toLowerCase(java.util.Locale.ROOT));
        flags.put(KlusterConfig.K, String.valueOf(K));
        KlusterConfig cfg = config.resolve(flags);
        TopologySettings settings = cfg.topologySettings(DIMENSION);
        List<KlusterInstance> started = new ArrayList<>();
        try {
            for (int i = 0; i < instances; i++) {
                started.add(KlusterInstance.start(cfg, broker.bootstrapServers(), "bench-" + name,
                        Files.createDirectories(temp.resolve(name + "-" + i)).toString(), DIMENSION, model,
                        new SimpleMeterRegistry()));
            }
            for (KlusterInstance each : started) {
                if (!each.awaitRunning(Duration.ofMinutes(2))) {
                    throw new IllegalStateException("Kafka Streams did not start");
                }
                while (each.registry().current() == null) {
                    Thread.sleep(20);
                }
            }
            KlusterInstance instance = started.get(0);
            AssignmentCollector collector = new AssignmentCollector(broker.bootstrapServers(), settings.outputTopic(),
                    settings.deadLetterTopic(), Map.of(), null);
            Thread reader = new Thread(collector, "kluster-bench-reader");
            reader.start();
            if (!collector.awaitSubscribed(Duration.ofMinutes(1))) {
                throw new IllegalStateException("the output reader did not get its partitions");
            }
            DemoFeed feed = new DemoFeed(broker.bootstrapServers(), settings.inputTopic(), data.limit(records), null, null, format, 0,
                    () -> true, rate).preEncoded();
            long start = System.currentTimeMillis();
            long retrainsBefore = trainingsStarted(started);
            CpuBreakdown cpu = CpuBreakdown.start();
            Thread writer = new Thread(feed, "kluster-bench-feed");
            writer.start();
            AssignmentCollector.Snapshot snapshot = collector.snapshot(false, 0);
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            // Assignments and time over the polls during which a retrain was in flight on some instance.
            long assignedWhileRetraining = 0;
            long nanosWhileRetraining = 0;
            long tick = System.nanoTime();
            do {
                boolean retraining = trainingsStarted(started) > trainingsFinished(started);
                long assignedBefore = snapshot.assigned();
                Thread.sleep(100);
                cpu.sample();
                long steadyStart = feed.steadyStartMillis();
                snapshot = collector.snapshot(false, steadyStart == 0 ? 0 : steadyStart + LATENCY_RAMP_MILLIS);
                long now = System.nanoTime();
                if (retraining && snapshot.assigned() < records) {
                    assignedWhileRetraining += snapshot.assigned() - assignedBefore;
                    nanosWhileRetraining += now - tick;
                }
                tick = now;
            } while (snapshot.assigned() < records && System.nanoTime() < deadline);
            long retrains = trainingsStarted(started) - retrainsBefore;
            Map<String, Double> cpuShares = cpu.shares();
            collector.close();
            reader.join(5_000);
            writer.join(5_000);
            double elapsed = (snapshot.lastAssignmentMillis() - start) / 1000.0;
            return new Run(snapshot.assigned() / Math.max(elapsed, 1e-3), snapshot.p50LatencyMs(), snapshot.p99LatencyMs(),
                    snapshot.maxLatencyMs(), retrains, assignedWhileRetraining / Math.max(nanosWhileRetraining / 1e9, 1e-3),
                    nanosWhileRetraining / 1e9, cpuShares);
        } finally {
            started.forEach(KlusterInstance::close);
        }
    }

    private static long trainingsStarted(List<KlusterInstance> instances) {
        return instances.stream().mapToLong(i -> i.metrics().trainingsStartedCount()).sum();
    }

    private static long trainingsFinished(List<KlusterInstance> instances) {
        return instances.stream().mapToLong(i -> i.metrics().retrainCount()).sum();
    }

    private double encoderCeiling(ModelBundle model, Dataset data, int batch) {
        float[][] rows = java.util.Arrays.copyOf(data.features(), batch);
        try (Embedder embedder = Embedder.open(model)) {
            for (int i = 0; i < 20; i++) {
                embedder.embed(rows, batch);
            }
            long n = 0;
            long start = System.nanoTime();
            while (System.nanoTime() - start < seconds * 1_000_000_000L) {
                embedder.embed(rows, batch);
                n += batch;
            }
            return n / ((System.nanoTime() - start) / 1e9);
        }
    }

    private double assignCeiling(ModelBundle model) {
        StudentTAssigner assigner = new StudentTAssigner(model.alpha());
        SplittableRandom random = new SplittableRandom(1);
        float[][] z = new float[4096][model.encoder().embeddingDimension()];
        for (float[] row : z) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        long n = 0;
        double confidences = 0;
        long start = System.nanoTime();
        while (System.nanoTime() - start < seconds * 1_000_000_000L) {
            for (float[] row : z) {
                confidences += assigner.assign(row, model.centroids()).confidence();
            }
            n += z.length;
        }
        // Using the results keeps the JIT from removing the loop.
        blackhole = confidences;
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /** An untrained model of the configured size: speed does not depend on what the weights are. */
    private static ModelBundle randomModel(String widths) {
        EncoderSpec spec = EncoderSpec.of(DIMENSION, widths);
        try (Autoencoder ae = Autoencoder.initialize(spec, 7L)) {
            SplittableRandom random = new SplittableRandom(3);
            float[][] centroids = new float[K][spec.embeddingDimension()];
            for (float[] c : centroids) {
                for (int j = 0; j < c.length; j++) {
                    c[j] = (float) random.nextGaussian();
                }
            }
            return new ModelBundle(1, "bench", spec, FeatureScaler.identity(DIMENSION), ae.encoderBytes(), ae.decoderBytes(),
                    centroids, 1.0, ModelBundle.identityIds(K), Map.of(), 0L);
        }
    }

    /** Pixel-like random records: speed does not depend on what the values are. */
    private static Dataset randomData(int n) {
        SplittableRandom random = new SplittableRandom(5);
        String[] ids = new String[n];
        float[][] features = new float[n][DIMENSION];
        for (int i = 0; i < n; i++) {
            ids[i] = "b-" + i;
            for (int j = 0; j < DIMENSION; j++) {
                features[i][j] = random.nextFloat();
            }
        }
        return new Dataset(ids, features, null);
    }
}
