package io.kluster.app.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kluster.app.RunCommand;
import io.kluster.app.UserException;
import io.kluster.data.Dataset;
import io.kluster.model.ModelBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kluster evaluate}: how a saved model clusters a dataset. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Assign every record of a dataset with a saved model, as the stream would, and report "
                + "cluster sizes and, when the data has labels, ACC, NMI and ARI.")
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model directory (from 'train --out').")
    Path modelDir;

    @Mixin
    DatasetOption data;

    @Option(names = "--json", description = "End with one JSON summary object on the last line of stdout.")
    boolean json;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw the clustering: embeddings on their two "
            + "principal components coloured by cluster, and sample records per cluster when they are images.")
    Path plot;

    @Option(names = "--seed", defaultValue = "42", description = "Chooses the points and samples the plot draws "
            + "(default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        ModelBundle bundle = RunCommand.loadModel(modelDir);
        Dataset dataset = data.read();
        long start = System.nanoTime();
        ClusteringReport report = ClusteringReport.of(bundle, dataset);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("Model v%d (%s, k=%d, encoder %s) on %s%n", bundle.version(), bundle.method(), bundle.k(),
                bundle.encoder(), data.path);
        report.print(System.out);
        System.out.printf("  seconds           %.1f%n", seconds);
        if (plot != null) {
            String title = String.format("Model v%d (%s, k=%d) on %s%s", bundle.version(), bundle.method(), bundle.k(),
                    data.path.getFileName(), report.acc() == null ? ""
                            : String.format(" · ACC %.3f NMI %.3f", report.acc(), report.nmi()));
            try {
                ClusteringPlot.write(report, dataset, title, seed, plot);
            } catch (IOException e) {
                throw new UserException("cannot write the plot to " + plot + ": " + e.getMessage(), e);
            }
            System.out.printf("  plot              %s%n", plot);
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode summary = mapper.createObjectNode();
            summary.put("method", bundle.method());
            summary.put("model_version", bundle.version());
            report.writeTo(summary);
            summary.put("seconds", Math.round(seconds * 10) / 10.0);
            System.out.println(mapper.writeValueAsString(summary));
        }
        return 0;
    }
}
