package io.kluster.app.demo;

import io.kluster.app.ConfigOptions;
import io.kluster.app.KlusterConfig;
import io.kluster.app.UserException;
import io.kluster.app.train.DataFiles;
import io.kluster.app.train.LoadedData;
import io.kluster.data.Dataset;
import io.kluster.data.EventDataset;
import io.kluster.data.InputFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kluster feed}: replays a dataset into a topic of an existing cluster, like a live source. */
@Command(name = "feed", mixinStandardHelpOptions = true,
        description = "Replay a dataset into an input topic at a steady rate (the bundled Fashion-MNIST sample "
                + "when no --data is given), once or over and over.")
public final class FeedCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = "kluster-input", description = "Input topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--data", paramLabel = "PATH", description = "Dataset: IDX folder or file, .csv or .jsonl "
            + "(default: the bundled 2,500-image Fashion-MNIST sample).")
    Path data;

    @Option(names = "--limit", paramLabel = "N", description = "Send only the first N records of each pass.")
    Integer limit;

    @Option(names = "--format", description = "json, binary or fields (default: fields for a file of named-field "
            + "events, else json).")
    String format;

    @Option(names = "--rate", defaultValue = "200", description = "Records per second; 0 for as fast as possible "
            + "(default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--passes", defaultValue = "1", description = "How many times to replay the data; 0 replays "
            + "until stopped. Each pass gives its records new ids (suffix ~N) (default: ${DEFAULT-VALUE}).")
    int passes;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        if (rate < 0 || passes < 0) {
            throw new UserException("--rate and --passes must be >= 0");
        }
        Map<String, Object> flags = new HashMap<>();
        if (format != null) {
            flags.put(KlusterConfig.INPUT_FORMAT, InputFormat.parse(format).name().toLowerCase(Locale.ROOT));
        }
        KlusterConfig cfg = config.resolve(flags);
        Path tempRoot = Files.createTempDirectory("kluster-feed-");
        Path source = data != null ? data : DemoCommand.extractSample(tempRoot);
        LoadedData loaded = DataFiles.load(source, limit, cfg, null);
        InputFormat inputFormat = loaded.namedFields() ? InputFormat.FIELDS
                : InputFormat.parse(cfg.getString(KlusterConfig.INPUT_FORMAT));
        if (inputFormat == InputFormat.FIELDS && !loaded.namedFields()) {
            throw new UserException(source + " holds feature vectors, not named-field events");
        }
        Dataset dataset = loaded.dataset();
        for (int pass = 1; passes == 0 || pass <= passes; pass++) {
            Dataset round = pass == 1 ? dataset : renamed(dataset, pass);
            EventDataset events = loaded.events() == null || pass == 1 ? loaded.events()
                    : new EventDataset(round.ids(), loaded.events().events(), loaded.events().labels());
            DemoFeed feed = new DemoFeed(bootstrapServers, topic, round, events, cfg.fieldsSettings(), inputFormat, 0,
                    () -> true, rate);
            if (rate > 0) {
                // A paced feed is a load generator beside the pipeline it loads: encoding while it sends
                // would take the pipeline's CPU and, on a cold JVM, fall behind and then send in bursts.
                feed.preEncoded();
            }
            feed.run();
            if (feed.failure() != null) {
                throw new IllegalStateException("the feed failed: " + feed.failure().getMessage());
            }
            System.err.printf("pass %d: sent %,d records to %s%n", pass, feed.sent(), topic);
        }
        return 0;
    }

    private static Dataset renamed(Dataset dataset, int pass) {
        String[] ids = Arrays.stream(dataset.ids()).map(id -> id + "~" + pass).toArray(String[]::new);
        return new Dataset(ids, dataset.features(), dataset.labels());
    }
}
