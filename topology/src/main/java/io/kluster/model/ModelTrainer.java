package io.kluster.model;

import io.kluster.cluster.KMeans;
import io.kluster.cluster.KMeansResult;
import io.kluster.cluster.KSelection;
import io.kluster.cluster.StabilityKSelector;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Trains a model from scratch: fit the input scaler, pre-train an (optionally denoising)
 * autoencoder, place the centroids by k-means++ with restarts on its embeddings, then fine-tune
 * with the settings' {@link ClusteringMethod}.
 *
 * <p>Given a {@link StabilityKSelector}, the trainer chooses k itself, on the embeddings it is
 * about to cluster (the scaled features when there is no encoder), after pre-training and before
 * the clustering phase; the settings' k is then ignored and the choice and its curve are recorded in
 * the model's hyper-parameters.
 *
 * <p>Runs on the calling thread and blocks it; callers keep it off stream threads. Every random
 * choice derives from the settings' seed, so the same settings and rows give the same bundle.
 */
public final class ModelTrainer {

    /** Hyper-parameters of pre-training, which a model trained from another's autoencoder inherits from it. */
    private static final List<String> PRETRAINING_KEYS = List.of("scaling", "pretrain_epochs", "learning_rate",
            "masking_noise");

    /**
     * Epochs that fit a decoder to an encoder whose method trained it alone (at most the pre-training's):
     * the decoder starts from the pre-trained one, which the encoder has drifted from, not from scratch.
     */
    static final int DECODER_FIT_EPOCHS = 5;

    /** The method a model without an encoder records: its clusters are k-means's, refined online. */
    public static final String KMEANS_METHOD = "kmeans";

    private final TrainingSettings settings;
    private final StabilityKSelector kSelector;
    private final KSelection selection;

    /** A trainer with the given settings and their fixed k. */
    public ModelTrainer(TrainingSettings settings) {
        this(settings, null, null);
    }

    /** A trainer that chooses k with {@code kSelector}, or keeps the settings' k when it is null. */
    public ModelTrainer(TrainingSettings settings, StabilityKSelector kSelector) {
        this(settings, kSelector, null);
    }

    private ModelTrainer(TrainingSettings settings, StabilityKSelector kSelector, KSelection selection) {
        this.settings = settings;
        this.kSelector = kSelector;
        this.selection = selection;
    }

    /**
     * The trainer that goes on from {@code points} (what the clustering phase reads): this one for a
     * fixed k, else one with the k the selector chooses on them, which records the choice.
     */
    private ModelTrainer choosingK(float[][] points, TrainingListener listener) {
        if (kSelector == null) {
            return this;
        }
        int tried = kSelector.largestK(points.length) - kSelector.kMin() + 1;
        // Each k tried is also a batch: a background trainer paces the selection like the epochs around it.
        KSelection chosen = kSelector.select(points, k -> {
            listener.onStep("choose k", k - kSelector.kMin() + 1, tried, Double.NaN);
            listener.onBatch();
        });
        return new ModelTrainer(settings.withK(chosen.chosen()), null, chosen);
    }

    /** What the k-selection chose and why, for the hyper-parameters; empty for a fixed k. */
    private Map<String, String> describeSelection() {
        if (selection == null) {
            return Map.of();
        }
        return Map.of("k_selection", selection.criterion(),
                "k_range", selection.kMin() + ".." + selection.kMax(),
                "k_curve", selection.describeCurve());
    }

    /**
     * Trains on {@code rows} (raw features, all of one dimension) and returns the bundle: with a deep
     * encoder, or, when the settings' {@link EncoderChoice} resolves to none for these rows, by
     * k-means++ with restarts on the scaled features themselves.
     */
    public ModelBundle train(float[][] rows, long version, TrainingListener listener) {
        checkRows(rows);
        int d = rows[0].length;
        if (settings.encoder().resolve(d, rows.length) == EncoderChoice.NONE) {
            return trainWithoutEncoder(rows, FeatureScaler.fit(rows, settings.scaling()), null, version, listener);
        }
        EncoderSpec spec = EncoderSpec.of(d, settings.widths()).withSpherical(settings.sphericalEmbedding());
        FeatureScaler scaler = FeatureScaler.fit(rows, settings.scaling());
        float[][] scaled = scale(rows, scaler);
        try (Autoencoder ae = Autoencoder.initialize(spec, settings.seed())) {
            double loss = new AutoencoderPretrainer(settings.pretrain()).train(ae, scaled, listener);
            float[][] embedded = ae.embed(scaled, 1024);
            ModelTrainer trainer = choosingK(embedded, listener);
            return trainer.finish(ae, scaler, scaled, trainer.initialClusters(embedded), version, loss, Map.of(), listener);
        }
    }

    /**
     * Trains on {@code rows} from an autoencoder pre-trained earlier: {@code pretrained}'s encoder,
     * decoder and input scaling are kept and pre-training is skipped; k-means++ with restarts on
     * its embeddings starts the settings' clustering objective. One pre-training can so serve every
     * method, as the quality benchmark does.
     */
    public ModelBundle trainFrom(ModelBundle pretrained, float[][] rows, long version, TrainingListener listener) {
        checkRows(rows);
        if (rows[0].length != pretrained.inputDimension()) {
            throw new IllegalArgumentException("rows have " + rows[0].length + " features, the pre-trained model takes "
                    + pretrained.inputDimension());
        }
        if (pretrained.decoderParameters() == null) {
            throw new IllegalArgumentException("the pre-trained model has no decoder (made by an older release); "
                    + "start from a model trained by this one");
        }
        float[][] scaled = scale(rows, pretrained.scaler());
        try (Autoencoder ae = Autoencoder.fromParameters(
                pretrained.encoder().withSpherical(settings.sphericalEmbedding()), pretrained.encoderParameters(),
                pretrained.decoderParameters())) {
            float[][] embedded = ae.embed(scaled, 1024);
            ModelTrainer trainer = choosingK(embedded, listener);
            KMeansResult initial = trainer.initialClusters(embedded);
            double loss = Double.parseDouble(pretrained.hyperParameters().getOrDefault("reconstruction_loss", "NaN"));
            // The pre-training that made this autoencoder is the pre-trained model's, not these settings'.
            Map<String, String> inherited = new TreeMap<>();
            for (String key : PRETRAINING_KEYS) {
                String value = pretrained.hyperParameters().get(key);
                if (value != null) {
                    inherited.put(key, value);
                }
            }
            inherited.put("widths", pretrained.encoder().widths());
            inherited.put("pretrained_separately", "true");
            return trainer.finish(ae, pretrained.scaler(), scaled, initial, version, loss, inherited, listener);
        }
    }

    /**
     * Retrains {@code current} on {@code rows}. These settings are the retrain's: a caller that wants
     * the model to stay itself passes {@link TrainingSettings#continuing}.
     *
     * <p>When they keep the model's k, widths, scaling and sphere, the retrain is warm-started: the
     * current encoder and decoder continue reconstruction for {@code reconstructionEpochs} epochs,
     * k-means starts from the current centroids, and the settings' clustering objective runs for at
     * most {@code clusterEpochs} epochs (a warm start needs far fewer than a cold one); the input
     * scaler is kept, so the new model reads records exactly as the current one does. When they
     * change one of those, nothing of the current model fits and the retrain is a full training on
     * the rows. Either way the result has version {@code current.version() + 1} and identity cluster
     * ids; matching ids is the caller's job. A trainer that chooses k chooses it anew on the
     * continued encoder's embeddings; k-means starts from the current centroids only when the choice
     * is the current k.
     */
    public ModelBundle retrain(float[][] rows, ModelBundle current, int reconstructionEpochs, int clusterEpochs,
            TrainingListener listener) {
        checkRows(rows);
        if (rows[0].length != current.inputDimension()) {
            throw new IllegalArgumentException("rows have " + rows[0].length + " features, the model takes "
                    + current.inputDimension());
        }
        if (!warmStartable(current)) {
            return train(rows, current.version() + 1, listener);
        }
        if (current.encoder().identity()) {
            return trainWithoutEncoder(rows, current.scaler(), current.centroids(), current.version() + 1, listener);
        }
        float[][] scaled = scale(rows, current.scaler());
        try (Autoencoder ae = Autoencoder.fromParameters(current.encoder(), current.encoderParameters(),
                current.decoderParameters())) {
            double loss = current.decoderParameters() == null
                    // A bundle of an older release whose method dropped the decoder: a random one would pull the
                    // encoder toward noise, so fit one to the encoder first and leave the encoder alone meanwhile.
                    ? new AutoencoderPretrainer(settings.pretrain().withEpochs(reconstructionEpochs)).fitDecoder(ae, scaled,
                            listener)
                    : new AutoencoderPretrainer(settings.pretrain().withEpochs(reconstructionEpochs)).train(ae, scaled,
                            listener);
            float[][] embedded = ae.embed(scaled, 1024);
            ModelTrainer trainer = choosingK(embedded, listener);
            KMeansResult initial = trainer.settings.k() == current.k()
                    ? KMeans.builder().k(current.k()).seed(settings.seed()).build().fit(embedded, current.centroids())
                    : trainer.initialClusters(embedded);
            return new ModelTrainer(trainer.settings.withClusterEpochs(clusterEpochs), null, trainer.selection)
                    .finish(ae, current.scaler(), scaled, initial, current.version() + 1, loss, Map.of(), listener);
        }
    }

    /** Whether {@code current}'s encoder, scaler and centroids fit these settings, so that a retrain can start from them. */
    public boolean warmStartable(ModelBundle current) {
        String scaling = current.hyperParameters().get("scaling");
        // On a retrain, auto keeps the kind of encoder the model has.
        EncoderChoice wanted = settings.encoder() == EncoderChoice.AUTO
                ? (current.encoder().identity() ? EncoderChoice.NONE : EncoderChoice.DEEP) : settings.encoder();
        if (current.encoder().identity() || wanted == EncoderChoice.NONE) {
            return current.encoder().identity() && wanted == EncoderChoice.NONE && keepsK(current)
                    && (scaling == null || scaling.equals(settings.scaling().name()));
        }
        return keepsK(current)
                && current.encoder().widths().equals(settings.widths())
                && current.encoder().spherical() == settings.sphericalEmbedding()
                && (scaling == null || scaling.equals(settings.scaling().name()));
    }

    /** Whether a warm start can keep {@code current}'s k: a fixed k must be the model's; a chosen one may be any. */
    private boolean keepsK(ModelBundle current) {
        return kSelector != null || current.k() == settings.k();
    }

    private ModelBundle finish(Autoencoder ae, FeatureScaler scaler, float[][] scaled, KMeansResult initial, long version,
            double loss, Map<String, String> describedElsewhere, TrainingListener listener) {
        listener.onStep("kmeans", 1, 1, initial.inertia() / scaled.length);
        ClusteringObjective.Result result = objective().fit(ae, scaled, initial, listener);
        if (result.decoderParameters() == null) {
            // The objective moved the encoder and left the decoder behind (DEC, DAMIC): fit the decoder to the
            // final encoder, so that a retrain can continue reconstruction and the stream can measure it.
            new AutoencoderPretrainer(settings.pretrain().withEpochs(Math.min(DECODER_FIT_EPOCHS,
                    settings.pretrain().epochs()))).fitDecoder(ae, scaled, listener);
            result = new ClusteringObjective.Result(result.encoderParameters(), ae.decoderBytes(), result.centroids(),
                    result.diagnostics());
        }
        Map<String, String> hyper = new TreeMap<>(settings.describe());
        hyper.put("encoder", EncoderChoice.DEEP.id());
        hyper.putAll(describedElsewhere);
        hyper.putAll(describeSelection());
        hyper.put("training_records", String.valueOf(scaled.length));
        hyper.put("reconstruction_loss", String.valueOf(loss));
        hyper.putAll(result.diagnostics());
        return new ModelBundle(version, settings.method().id(), ae.spec(), scaler, result.encoderParameters(),
                result.decoderParameters(), result.centroids(), settings.alpha(),
                ModelBundle.identityIds(settings.k()), hyper, System.currentTimeMillis());
    }

    /**
     * The model without an encoder: k-means++ with the settings' restarts on the scaled rows, or, for
     * a retrain, k-means from the current centroids; Student's t then assigns among the features.
     */
    private ModelBundle trainWithoutEncoder(float[][] rows, FeatureScaler scaler, float[][] from, long version,
            TrainingListener listener) {
        float[][] scaled = scale(rows, scaler);
        ModelTrainer trainer = choosingK(scaled, listener);
        if (trainer != this) {
            boolean keep = from != null && from.length == trainer.settings.k();
            return trainer.trainWithoutEncoder(rows, scaler, keep ? from : null, version, listener);
        }
        KMeans kmeans = KMeans.builder().k(settings.k()).restarts(from == null ? settings.kmeansRestarts() : 1)
                .seed(settings.seed()).build();
        KMeansResult result = from == null ? kmeans.fit(scaled) : kmeans.fit(scaled, from);
        listener.onStep("kmeans", 1, 1, result.inertia() / scaled.length);
        Map<String, String> hyper = new TreeMap<>(settings.describe());
        hyper.put("encoder", EncoderChoice.NONE.id());
        hyper.put("widths", EncoderSpec.NO_ENCODER);
        hyper.putAll(describeSelection());
        hyper.put("training_records", String.valueOf(scaled.length));
        for (String deepOnly : List.of("pretrain_epochs", "learning_rate", "masking_noise", "cluster_epochs",
                "update_interval", "tolerance", "gamma", "lambda", "balance_weight", "cluster_learning_rate",
                "spherical_embedding")) {
            hyper.remove(deepOnly);
        }
        return new ModelBundle(version, KMEANS_METHOD, EncoderSpec.none(scaler.dimension()), scaler, new byte[0], null,
                result.centroids(), settings.alpha(), ModelBundle.identityIds(settings.k()), hyper,
                System.currentTimeMillis());
    }

    /** k-means++ with the settings' restarts on the autoencoder's embeddings: where a clustering phase starts. */
    private KMeansResult initialClusters(float[][] embedded) {
        return KMeans.builder()
                .k(settings.k())
                .restarts(settings.kmeansRestarts())
                .seed(settings.seed())
                .build()
                .fit(embedded);
    }

    private void checkRows(float[][] rows) {
        int fewest = kSelector == null ? settings.k() : kSelector.kMin();
        if (rows.length < fewest) {
            throw new IllegalArgumentException("need at least k=" + fewest + " records to train, got " + rows.length);
        }
    }

    private static float[][] scale(float[][] rows, FeatureScaler scaler) {
        int d = scaler.dimension();
        float[][] scaled = new float[rows.length][d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " features, expected " + d);
            }
            scaler.apply(rows[i], scaled[i], 0);
        }
        return scaled;
    }

    private ClusteringObjective objective() {
        return switch (settings.method()) {
            case AE_KMEANS -> (ae, scaledRows, initial, listener) -> new ClusteringObjective.Result(
                    ae.encoderBytes(), ae.decoderBytes(), initial.centroids(), Map.of());
            case DEC -> DecObjective.dec(settings);
            case IDEC -> DecObjective.idec(settings);
            case DCN -> new DcnObjective(settings);
            case DEEPCLUSTER -> new DeepClusterObjective(settings);
            case DAMIC -> new DamicObjective(settings);
            case N2D -> new NeighbourhoodDistillation(settings);
        };
    }
}
