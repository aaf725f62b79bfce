package io.kluster.app.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kluster.app.ConfigOptions;
import io.kluster.app.KlusterConfig;
import io.kluster.app.RunCommand;
import io.kluster.app.UserException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.kluster.data.Dataset;
import io.kluster.fields.ClusterProfile;
import io.kluster.fields.ClusterProfiler;
import java.util.List;
import java.util.Map;
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

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        ModelBundle bundle = RunCommand.loadModel(modelDir);
        KlusterConfig cfg = config.resolve(Map.of());
        if (bundle.schema() == null && cfg.namedFields()) {
            throw new UserException("the model takes feature vectors, not named-field events");
        }
        LoadedData loaded = data.load(cfg, bundle.schema());
        if (bundle.schema() == null && loaded.namedFields()) {
            throw new UserException("the model takes feature vectors; " + data.path + " holds named-field events");
        }
        Dataset dataset = loaded.dataset();
        long start = System.nanoTime();
        ClusteringReport report = ClusteringReport.of(bundle, dataset);
        List<ClusterProfile> profiles = loaded.namedFields()
                ? ClusterProfiler.profile(loaded.schema(), loaded.events().events(), report.clusters()) : List.of();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("Model v%d (%s, k=%d, encoder %s) on %s%n", bundle.version(), bundle.method(), bundle.k(),
                bundle.encoder(), data.path);
        report.print(System.out);
        ChosenK chosen = ChosenK.of(bundle);
        if (chosen != null) {
            chosen.print(System.out);
        }
        if (!profiles.isEmpty()) {
            System.out.println("  clusters");
            for (ClusterProfile p : profiles) {
                System.out.printf("    %4d  %,7d records  %s%n", p.cluster(), p.size(),
                        p.description().isEmpty() ? "(like the whole)" : p.description());
            }
        }
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
            if (chosen != null) {
                chosen.writeTo(summary);
            }
            if (!profiles.isEmpty()) {
                ArrayNode clusters = summary.putArray("clusters");
                for (ClusterProfile p : profiles) {
                    ObjectNode cluster = clusters.addObject();
                    cluster.put("id", p.cluster());
                    cluster.put("size", p.size());
                    cluster.put("description", p.description());
                    ArrayNode contrasts = cluster.putArray("profile");
                    for (ClusterProfile.Contrast c : p.contrasts()) {
                        ObjectNode line = contrasts.addObject();
                        line.put("field", c.field());
                        line.put("type", c.type().id());
                        line.put("value", c.value());
                        line.put("in_cluster", c.inCluster());
                        line.put("overall", c.overall());
                        line.put("strength", c.strength());
                    }
                }
            }
            summary.put("seconds", Math.round(seconds * 10) / 10.0);
            System.out.println(mapper.writeValueAsString(summary));
        }
        return 0;
    }
}
