package io.kluster.app.demo;

import io.kluster.app.UserException;
import io.kluster.data.Dataset;
import io.kluster.data.DatasetReader;
import io.kluster.data.InputFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

    @Option(names = "--format", defaultValue = "json", description = "json or binary (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--rate", defaultValue = "200", description = "Records per second; 0 for as fast as possible "
            + "(default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--passes", defaultValue = "1", description = "How many times to replay the data; 0 replays "
            + "until stopped. Each pass gives its records new ids (suffix ~N) (default: ${DEFAULT-VALUE}).")
    int passes;

    @Override
    public Integer call() throws Exception {
        InputFormat inputFormat = InputFormat.parse(format);
        if (rate < 0 || passes < 0) {
            throw new UserException("--rate and --passes must be >= 0");
        }
        Path tempRoot = Files.createTempDirectory("kluster-feed-");
        Dataset dataset;
        try {
            Path source = data != null ? data : DemoCommand.extractSample(tempRoot);
            if (!Files.exists(source)) {
                throw new UserException("no such file or directory: " + source);
            }
            dataset = DatasetReader.read(source);
        } catch (IOException e) {
            throw new UserException("cannot read the data: " + e.getMessage(), e);
        }
        for (int pass = 1; passes == 0 || pass <= passes; pass++) {
            Dataset round = pass == 1 ? dataset : renamed(dataset, pass);
            DemoFeed feed = new DemoFeed(bootstrapServers, topic, round, inputFormat, 0, () -> true, rate);
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
