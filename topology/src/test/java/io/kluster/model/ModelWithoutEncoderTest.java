package io.kluster.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.kluster.cluster.KMeans;
import io.kluster.cluster.KMeansResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The model without an encoder ({@code kluster.encoder=none}, or auto on narrow or few records):
 * k-means++ with restarts on the scaled features, assigned among them by Student's t, retrained
 * from its own centroids.
 */
class ModelWithoutEncoderTest {

    private static final Blobs BLOBS = Blobs.generate(3, 40, 6, 1.0, 8L);

    private static TrainingSettings.Builder settings() {
        return TrainingSettings.builder(3).encoder(EncoderChoice.NONE).scaling(FeatureScaler.Mode.STANDARD)
                .kmeansRestarts(4).seed(13L);
    }

    @Test
    void itIsKMeansPlusPlusWithTheSameRestartsAndSeedOnTheScaledFeaturesAndEmbedsARecordAsItsScaledSelf() {
        ModelBundle model = new ModelTrainer(settings().build()).train(BLOBS.rows, 1, TrainingListener.NONE);

        FeatureScaler scaler = FeatureScaler.fit(BLOBS.rows, FeatureScaler.Mode.STANDARD);
        float[][] scaled = new float[BLOBS.rows.length][6];
        for (int i = 0; i < scaled.length; i++) {
            scaler.apply(BLOBS.rows[i], scaled[i], 0);
        }
        KMeansResult kmeans = KMeans.builder().k(3).restarts(4).seed(13L).build().fit(scaled);
        assertThat(model.centroids()).isDeepEqualTo(kmeans.centroids());
        assertThat(model.encoder().identity()).isTrue();
        assertThat(model.method()).isEqualTo(ModelTrainer.KMEANS_METHOD);
        assertThat(model.decoderParameters()).isNull();
        assertThat(model.hyperParameters()).containsEntry("encoder", "none").doesNotContainKey("pretrain_epochs");
        try (Embedder embedder = Embedder.open(model)) {
            float[] embedded = embedder.embed(new float[][] {BLOBS.rows[5]}, 1);
            assertThat(embedded).containsExactly(scaled[5]);
            assertThat(embedder.canReconstruct()).isFalse();
        }
        ModelBundle decoded = ModelBundleCodec.fromBytes(ModelBundleCodec.toBytes(model));
        assertThat(decoded).isEqualTo(model);
    }

    @Test
    void autoPicksNoEncoderForNarrowInputOrFewRecordsAndTheDeepOneForWideAndPlentifulInput() {
        assertThat(EncoderChoice.AUTO.resolve(784, 6000)).isEqualTo(EncoderChoice.DEEP);
        assertThat(EncoderChoice.AUTO.resolve(EncoderChoice.DEEP_MIN_WIDTH, EncoderChoice.DEEP_MIN_RECORDS))
                .isEqualTo(EncoderChoice.DEEP);
        assertThat(EncoderChoice.AUTO.resolve(EncoderChoice.DEEP_MIN_WIDTH - 1, 60_000)).isEqualTo(EncoderChoice.NONE);
        assertThat(EncoderChoice.AUTO.resolve(784, EncoderChoice.DEEP_MIN_RECORDS - 1)).isEqualTo(EncoderChoice.NONE);
        assertThat(EncoderChoice.DEEP.resolve(4, 10)).isEqualTo(EncoderChoice.DEEP);
        assertThat(EncoderChoice.NONE.resolve(784, 60_000)).isEqualTo(EncoderChoice.NONE);

        ModelBundle auto = new ModelTrainer(settings().encoder(EncoderChoice.AUTO).build()).train(BLOBS.rows, 1,
                TrainingListener.NONE);
        assertThat(auto.encoder().identity()).as("6 features, 120 records").isTrue();
    }

    @Test
    void aRetrainContinuesKMeansFromTheCurrentCentroidsAndKeepsTheScaler() {
        ModelBundle model = new ModelTrainer(settings().build()).train(BLOBS.rows, 1, TrainingListener.NONE);
        Blobs moved = Blobs.generate(3, 40, 6, 1.0, 9L);
        List<String> phases = new ArrayList<>();

        TrainingSettings continued = settings().encoder(EncoderChoice.AUTO).build().continuing(model, Set.of());
        ModelBundle retrained = new ModelTrainer(continued).retrain(moved.rows, model, 2, 2,
                (phase, step, steps, loss) -> phases.add(phase));

        assertThat(continued.encoder()).as("auto keeps the model's kind").isEqualTo(EncoderChoice.NONE);
        assertThat(retrained.version()).isEqualTo(2);
        assertThat(retrained.encoder().identity()).isTrue();
        assertThat(retrained.scaler()).isEqualTo(model.scaler());
        assertThat(phases).containsExactly("kmeans");
    }

    @Test
    void anExplicitlyChosenDeepEncoderRetrainsTheModelWithoutOneAsAFullDeepTraining() {
        ModelBundle model = new ModelTrainer(settings().build()).train(BLOBS.rows, 1, TrainingListener.NONE);
        TrainingSettings deep = settings().encoder(EncoderChoice.DEEP).widths("8,3")
                .pretrain(new PretrainConfig(2, 16, 1e-2f, 0f, 1L)).clusterEpochs(1).build();

        TrainingSettings continued = deep.continuing(model, Set.of("encoder"));
        ModelBundle retrained = new ModelTrainer(continued).retrain(BLOBS.rows, model, 2, 2, TrainingListener.NONE);

        assertThat(new ModelTrainer(continued).warmStartable(model)).isFalse();
        assertThat(retrained.encoder().identity()).isFalse();
        assertThat(retrained.encoder().widths()).isEqualTo("8,3");
    }
}
