package io.kluster.app.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kluster.app.ConfigOptions;
import io.kluster.app.KlusterConfig;
import io.kluster.app.RunCommand;
import io.kluster.app.UserException;
import io.kluster.data.Dataset;
import io.kluster.model.EncoderChoice;
import io.kluster.model.FeatureScaler;
import io.kluster.model.ModelBundle;
import io.kluster.model.ModelBundleCodec;
import io.kluster.model.ModelTrainer;
import io.kluster.model.TrainingSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kluster train}: trains a model offline on a dataset and reports its quality. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a deep clustering model on a dataset, report its quality, and optionally save it "
                + "for 'run --model' and 'evaluate'.")
public final class TrainCommand implements Callable<Integer> {

    @Mixin
    DatasetOption data;

    @Option(names = "--k", required = true, description = "Number of clusters, or auto to choose it in "
            + "[kluster.k.min, kluster.k.max] by the stability of k-means on the embeddings (kluster.k).")
    String k;

    @Option(names = "--method", description = "ae-kmeans, dec, idec, dcn, deepcluster, damic or n2d (kluster.method).")
    String method;

    @Option(names = "--seed", description = "Seed of every random choice (kluster.seed).")
    Long seed;

    @Option(names = "--epochs", description = "Autoencoder pre-training epochs (kluster.pretrain.epochs).")
    Integer epochs;

    @Option(names = "--cluster-epochs", description = "Epochs of the clustering phase (kluster.cluster.epochs).")
    Integer clusterEpochs;

    @Option(names = "--widths", description = "Encoder widths, hidden layers then embedding (kluster.encoder.widths).")
    String widths;

    @Option(names = "--batch-size", description = "Training mini-batch size (kluster.pretrain.batch.size).")
    Integer batchSize;

    @Option(names = "--pretrained", paramLabel = "DIR", description = "Skip pre-training: start from the autoencoder "
            + "(encoder, decoder, input scaling) of a saved model, such as an ae-kmeans one, and run only the "
            + "method's clustering phase. Lets one pre-training serve several methods.")
    Path pretrained;

    @Option(names = "--out", paramLabel = "DIR", description = "Save the model to this directory.")
    Path out;

    @Option(names = "--json", description = "End with one JSON summary object on the last line of stdout.")
    boolean json;

    @Option(names = "--threads", description = "libtorch intra-op threads for training (default: every core, since "
            + "nothing else runs beside an offline training).")
    Integer threads;

    @Mixin
    ConfigOptions config;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> flags = new HashMap<>();
        flags.put(KlusterConfig.K, k);
        flags.put(KlusterConfig.METHOD, method);
        flags.put(KlusterConfig.SEED, seed);
        flags.put(KlusterConfig.PRETRAIN_EPOCHS, epochs);
        flags.put(KlusterConfig.CLUSTER_EPOCHS, clusterEpochs);
        flags.put(KlusterConfig.ENCODER_WIDTHS, widths);
        flags.put(KlusterConfig.PRETRAIN_BATCH_SIZE, batchSize);
        flags.values().removeIf(Objects::isNull);
        ModelBundle pretrainedModel = null;
        if (pretrained != null) {
            if (widths != null || epochs != null) {
                throw new UserException("--widths and --epochs describe pre-training, which --pretrained skips");
            }
            pretrainedModel = RunCommand.loadModel(pretrained);
            if (pretrainedModel.decoderParameters() == null) {
                throw new UserException("the model in " + pretrained + " has no decoder (an older release's "
                        + pretrainedModel.method() + " model); pre-train with --method ae-kmeans");
            }
            flags.put(KlusterConfig.ENCODER_WIDTHS, pretrainedModel.encoder().widths());
        }
        KlusterConfig cfg = config.resolve(flags);
        TrainingSettings settings = cfg.trainingSettings();

        int intraOp = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (intraOp < 1) {
            throw new UserException("--threads must be >= 1, got " + intraOp);
        }
        // Read by DJL when the engine loads, which has not happened yet in this process.
        System.setProperty("ai.djl.pytorch.num_threads", String.valueOf(intraOp));
        LoadedData loaded = data.load(cfg, pretrainedModel == null ? null : pretrainedModel.schema());
        Dataset dataset = loaded.dataset();
        if (loaded.namedFields()) {
            // The schema has scaled and weighted every field; standardising its output would undo the weights.
            settings = settings.withScaling(FeatureScaler.Mode.NONE);
            System.err.printf("Named-field events: %d fields encoded as %d features%n%s", loaded.schema().fields().size(),
                    loaded.schema().width(), DataFiles.describe(loaded.schema()));
        }
        if (pretrainedModel != null && dataset.dimension() != pretrainedModel.inputDimension()) {
            throw new UserException("the dataset has " + dataset.dimension() + " features, the pre-trained model in "
                    + pretrained + " takes " + pretrainedModel.inputDimension());
        }
        if (dataset.size() < settings.k()) {
            // With k=auto the settings' k is kluster.k.min.
            throw new UserException("the dataset has " + dataset.size() + " records, fewer than k=" + settings.k());
        }
        if (settings.encoder().resolve(dataset.dimension(), dataset.size()) == EncoderChoice.NONE) {
            System.err.printf("Clustering %,d records of %d features from %s with no encoder (k=%s; %s)%n", dataset.size(),
                    dataset.dimension(), data.path, describeK(cfg, settings), settings.encoder() == EncoderChoice.AUTO
                            ? "kluster.encoder=auto picks none below " + EncoderChoice.DEEP_MIN_WIDTH + " features or "
                                    + EncoderChoice.DEEP_MIN_RECORDS + " records"
                            : "kluster.encoder=none");
        } else {
            System.err.printf("Training %s (k=%s, encoder %d-%s) on %,d records of %s%n", settings.method().id(),
                    describeK(cfg, settings), dataset.dimension(), settings.widths().replace(',', '-'), dataset.size(), data.path);
        }
        long start = System.nanoTime();
        ModelBundle bundle;
        try (ProgressBarListener progress = new ProgressBarListener(System.err)) {
            ModelTrainer trainer = new ModelTrainer(settings, cfg.kSelector());
            bundle = (pretrainedModel == null ? trainer.train(dataset.features(), 1, progress)
                    : trainer.trainFrom(pretrainedModel, dataset.features(), 1, progress)).withSchema(loaded.schema());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (out != null) {
            try {
                ModelBundleCodec.save(bundle, out);
            } catch (IOException e) {
                throw new UserException("cannot save the model to " + out + ": " + e.getMessage(), e);
            }
        }
        ClusteringReport report = ClusteringReport.of(bundle, dataset);
        System.out.printf("Trained %s in %.1f s%n", bundle.method(), seconds);
        report.print(System.out);
        ChosenK chosen = ChosenK.of(bundle);
        if (chosen != null) {
            chosen.print(System.out);
        }
        if (out != null) {
            System.out.printf("  saved to          %s%n", out);
        }
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode summary = mapper.createObjectNode();
            summary.put("method", bundle.method());
            if (chosen != null) {
                chosen.writeTo(summary);
            }
            report.writeTo(summary);
            summary.put("seconds", Math.round(seconds * 10) / 10.0);
            summary.put("model", out == null ? null : out.toString());
            // What trained the model and what its objective reported (e.g. DAMIC's gate_agreement), as in bundle.json.
            bundle.hyperParameters().forEach(summary.putObject("hyper_parameters")::put);
            System.out.println(mapper.writeValueAsString(summary));
        }
        return 0;
    }

    private static String describeK(KlusterConfig cfg, TrainingSettings settings) {
        return cfg.autoK() ? "auto in " + cfg.getInt(KlusterConfig.K_MIN) + ".." + cfg.getInt(KlusterConfig.K_MAX)
                : String.valueOf(settings.k());
    }
}
