package io.kluster.topology;

import io.kluster.cluster.ClusterIdMatcher;
import io.kluster.cluster.ClusterLineage;
import io.kluster.cluster.KMeans;
import io.kluster.cluster.StabilityKSelector;
import io.kluster.fields.FieldSchema;
import io.kluster.model.Embedder;
import io.kluster.model.FeatureScaler;
import io.kluster.model.ModelBundle;
import io.kluster.model.ModelTrainer;
import io.kluster.model.TrainingListener;
import io.kluster.model.TrainingSettings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains on one daemon thread of its own, so training never runs on a stream thread and at most
 * one training run takes CPU away from assignment at a time. A retrain's clusters are matched to
 * the current model's ids (Hungarian method on how both models assign the training records), so
 * a cluster keeps its id for downstream consumers.
 */
public final class BackgroundModelTrainer implements ModelTrainingService {

    private static final Logger LOG = LoggerFactory.getLogger(BackgroundModelTrainer.class);
    private static final int BATCH = 1024;

    private final TrainingSettings settings;
    private final RetrainSettings retrain;
    private final StabilityKSelector kSelector;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kluster-trainer");
        thread.setDaemon(true);
        thread.setPriority(Thread.NORM_PRIORITY - 1);
        return thread;
    });

    /**
     * A trainer that builds the first model with {@code settings} and retrains as {@code retrain}
     * says: with the current model's own k, widths, scaling, method, sphere and kernel unless the user
     * set them, and for at most its CPU share of the wall time, since the stream assigns meanwhile.
     * A first model trains at full speed: nothing is assigned until it exists.
     */
    public BackgroundModelTrainer(TrainingSettings settings, RetrainSettings retrain) {
        this(settings, retrain, null);
    }

    /**
     * A trainer as {@link #BackgroundModelTrainer(TrainingSettings, RetrainSettings)} that, given a
     * {@code kSelector}, chooses k anew at the first training and at every retrain.
     */
    public BackgroundModelTrainer(TrainingSettings settings, RetrainSettings retrain, StabilityKSelector kSelector) {
        this.settings = settings;
        this.retrain = retrain;
        this.kSelector = kSelector;
    }

    @Override
    public CompletableFuture<ModelBundle> train(float[][] rows, FieldSchema schema, long version) {
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            // The schema has weighted each field already; standardising its output would undo that.
            TrainingSettings own = schema == null ? settings : settings.withScaling(FeatureScaler.Mode.NONE);
            ModelBundle trained = new ModelTrainer(own, kSelector).train(rows, version, progress(version)).withSchema(schema);
            ModelBundle bundle = trained.withLineage(
                    ClusterLineage.created(trained.clusterIds(), sizes(nearestCentroids(trained, rows), trained.k()), version));
            LOG.info("Trained model v{} ({}) on {} records in {} s", version, bundle.method(), rows.length, seconds(start));
            return bundle;
        }, executor);
    }

    @Override
    public CompletableFuture<ModelBundle> retrain(float[][] rows, ModelBundle current) {
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            TrainingSettings continued = settings.continuing(current, retrain.overridden());
            describeDifferences(current, continued);
            ModelBundle trained = new ModelTrainer(continued, kSelector).retrain(rows, current, retrain.reconstructionEpochs(),
                    retrain.clusterEpochs(), TrainingPacer.of(progress(current.version() + 1), retrain.cpuShare()));
            int[] before = nearestCentroids(current, rows);
            int[] after = nearestCentroids(trained, rows);
            long version = current.version() + 1;
            ClusterIdMatcher.Match match = ClusterIdMatcher.match(current.clusterIds(), before, after, trained.k(),
                    current.lineage(), version);
            double kept = ClusterIdMatcher.agreement(current.clusterIds(), before, match.ids(), after);
            String curve = trained.hyperParameters().get("k_curve");
            LOG.info("Retrained on {} records in {} s; k {} -> {}{}; {}% of them keep their cluster id{}", rows.length,
                    seconds(start), current.k(), trained.k(), curve == null ? "" : " (stability " + curve + ")",
                    String.format("%.1f", 100 * kept), match.events(version).isEmpty() ? "" : "; " + match.events(version));
            return trained.withCentroids(version, trained.centroids(), match.ids(), match.lineage())
                    .withSchema(current.schema());
        }, executor);
    }

    /**
     * Says, once per retrain, where the retrain and the configuration part: model settings the
     * model keeps against the configuration, and explicit settings that change the model.
     */
    private void describeDifferences(ModelBundle current, TrainingSettings continued) {
        Map<String, String> configured = settings.describe();
        Map<String, String> own = settings.continuing(current, Set.of()).describe();
        List<String> kept = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (String key : TrainingSettings.MODEL_SETTINGS) {
            // A chosen k is chosen again at every retrain; neither the model's nor the configuration's stands.
            if (own.get(key).equals(configured.get(key)) || (key.equals("k") && kSelector != null)) {
                continue;
            }
            if (retrain.overridden().contains(key)) {
                changed.add(key + " " + own.get(key) + " -> " + configured.get(key));
            } else {
                kept.add(key + "=" + own.get(key));
            }
        }
        if (!kept.isEmpty()) {
            LOG.info("Retraining model v{} with its own {} (the configuration's defaults differ; set a key to change it)",
                    current.version(), String.join(", ", kept));
        }
        if (!changed.isEmpty()) {
            LOG.info("Retraining model v{} with the explicitly set {}{}", current.version(), String.join(", ", changed),
                    new ModelTrainer(continued, kSelector).warmStartable(current) ? "" : "; the model no longer fits, so it trains anew");
        }
    }

    /** The index of each row's nearest centroid under {@code model} (Student's t's argmax). */
    static int[] nearestCentroids(ModelBundle model, float[][] rows) {
        int e = model.encoder().embeddingDimension();
        int[] out = new int[rows.length];
        float[] z = new float[e];
        try (Embedder embedder = Embedder.open(model)) {
            for (int start = 0; start < rows.length; start += BATCH) {
                int b = Math.min(BATCH, rows.length - start);
                float[] embeddings = embedder.embed(Arrays.copyOfRange(rows, start, start + b), b);
                for (int i = 0; i < b; i++) {
                    System.arraycopy(embeddings, i * e, z, 0, e);
                    out[start + i] = KMeans.nearest(z, model.centroids());
                }
            }
        }
        return out;
    }

    private static long[] sizes(int[] assignments, int k) {
        long[] sizes = new long[k];
        for (int a : assignments) {
            sizes[a]++;
        }
        return sizes;
    }

    private TrainingListener progress(long version) {
        return (phase, step, steps, loss) -> {
            if (step == steps || step % 10 == 0) {
                LOG.debug("Training v{}: {} {}/{} loss {}", version, phase, step, steps, String.format("%.5f", loss));
            }
        };
    }

    private static String seconds(long startNanos) {
        return String.format("%.1f", (System.nanoTime() - startNanos) / 1e9);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
