package io.kluster.model;

import io.kluster.cluster.KMeans;
import io.kluster.cluster.KMeansResult;
import java.util.Map;

/**
 * Trains a model from scratch: fit the input scaler, pre-train an autoencoder, then place the
 * centroids by k-means++ with restarts on the embeddings (the AE + k-means method).
 *
 * <p>Runs on the calling thread and blocks it; callers keep it off stream threads.
 */
public final class ModelTrainer {

    /** The method name recorded in bundles this trainer makes. */
    public static final String METHOD = "ae-kmeans";

    private final TrainingSettings settings;

    /** A trainer with the given settings. */
    public ModelTrainer(TrainingSettings settings) {
        this.settings = settings;
    }

    /** Trains on {@code rows} (raw features, all of one dimension) and returns the bundle. */
    public ModelBundle train(float[][] rows, long version, TrainingListener listener) {
        if (rows.length < settings.k()) {
            throw new IllegalArgumentException("need at least k=" + settings.k() + " records to train, got " + rows.length);
        }
        int d = rows[0].length;
        EncoderSpec spec = EncoderSpec.of(d, settings.widths());
        FeatureScaler scaler = FeatureScaler.fit(rows, settings.scaling());
        float[][] scaled = new float[rows.length][d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " features, expected " + d);
            }
            scaler.apply(rows[i], scaled[i], 0);
        }
        try (Autoencoder ae = Autoencoder.initialize(spec, settings.seed())) {
            double loss = new AutoencoderPretrainer(settings.pretrain()).train(ae, scaled, listener);
            float[][] embeddings = ae.embed(scaled, 1024);
            KMeansResult clusters = KMeans.builder()
                    .k(settings.k())
                    .restarts(settings.kmeansRestarts())
                    .seed(settings.seed())
                    .build()
                    .fit(embeddings);
            listener.onStep("kmeans", 1, 1, clusters.inertia() / rows.length);
            Map<String, String> hyper = Map.of(
                    "k", String.valueOf(settings.k()),
                    "widths", settings.widths(),
                    "pretrain_epochs", String.valueOf(settings.pretrain().epochs()),
                    "batch_size", String.valueOf(settings.pretrain().batchSize()),
                    "learning_rate", String.valueOf(settings.pretrain().learningRate()),
                    "masking_noise", String.valueOf(settings.pretrain().maskingNoise()),
                    "kmeans_restarts", String.valueOf(settings.kmeansRestarts()),
                    "seed", String.valueOf(settings.seed()),
                    "training_records", String.valueOf(rows.length),
                    "reconstruction_loss", String.valueOf(loss));
            return new ModelBundle(version, METHOD, spec, scaler, ae.encoderBytes(), ae.decoderBytes(),
                    clusters.centroids(), settings.alpha(), ModelBundle.identityIds(settings.k()), hyper,
                    System.currentTimeMillis());
        }
    }
}
