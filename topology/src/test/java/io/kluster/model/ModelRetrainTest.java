package io.kluster.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.kluster.cluster.ClusteringMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Specification of retraining: every method retrains from what its bundle carries (its
 * autoencoder, its centroids), on data that has moved since, and the model stays itself (its own
 * k, widths and method) unless the retrain's settings say otherwise.
 */
class ModelRetrainTest {

    private static final Blobs BLOBS = ClusteringMethodsTest.BLOBS;

    /** The methods' quick settings without masking noise, so that reconstruction losses compare across runs. */
    private static TrainingSettings.Builder small(ClusteringMethod method) {
        return ClusteringMethodsTest.small(method).pretrain(new PretrainConfig(30, 32, 1e-2f, 0f, 7L));
    }

    /** The blobs after cluster 0 drifted a third of the way toward cluster 1, with more spread. */
    private static float[][] shifted() {
        float[][] rows = new float[BLOBS.rows.length][];
        float[] toward = new float[BLOBS.rows[0].length];
        float[][] means = means(BLOBS.rows, BLOBS.labels, 3);
        for (int j = 0; j < toward.length; j++) {
            toward[j] = (means[1][j] - means[0][j]) / 3;
        }
        for (int i = 0; i < rows.length; i++) {
            rows[i] = BLOBS.rows[i].clone();
            if (BLOBS.labels[i] == 0) {
                for (int j = 0; j < toward.length; j++) {
                    rows[i][j] += toward[j] + 0.5f * (rows[i][j] - means[0][j]);
                }
            }
        }
        return rows;
    }

    @ParameterizedTest
    @EnumSource(ClusteringMethod.class)
    void everyMethodShipsADecoderThatFitsItsEncoderSoThatARetrainContinuesReconstruction(ClusteringMethod method) {
        ModelBundle model = new ModelTrainer(small(method).build()).train(BLOBS.rows, 1, TrainingListener.NONE);
        double pretrained = Double.parseDouble(model.hyperParameters().get("reconstruction_loss"));
        assertThat(model.decoderParameters()).as("the bundle's decoder").isNotNull();
        double shipped;
        try (Embedder embedder = Embedder.open(model)) {
            shipped = embedder.reconstructionError(BLOBS.rows, BLOBS.rows.length,
                    embedder.embed(BLOBS.rows, BLOBS.rows.length));
        }

        List<Double> retrainLosses = new ArrayList<>();
        new ModelTrainer(small(method).build()).retrain(BLOBS.rows, model, 3, 2, (phase, step, steps, loss) -> {
            if (phase.equals("pretrain")) {
                retrainLosses.add(loss);
            }
        });

        // A fresh decoder, or one its encoder left behind, starts 20 to 60 times worse than the autoencoder
        // ended pre-training (measured: DEC 0.48 and DAMIC 1.29 against 0.0077); one that fits stays within
        // a few times of it.
        assertThat(shipped).as("reconstruction error of the shipped model").isLessThan(5 * pretrained);
        assertThat(retrainLosses).hasSize(3);
        assertThat(retrainLosses.get(0)).as("the retrain's first reconstruction epoch").isLessThan(5 * pretrained);
    }

    @ParameterizedTest
    @EnumSource(ClusteringMethod.class)
    void everyMethodsRetrainOnShiftedDataKeepsOrImprovesItsQualityThere(ClusteringMethod method) {
        ModelBundle model = new ModelTrainer(small(method).build()).train(BLOBS.rows, 1, TrainingListener.NONE);
        float[][] moved = shifted();
        double before = ClusteringMetrics.nmi(BLOBS.labels, ModelTrainerTest.assign(model, moved));

        ModelBundle retrained = new ModelTrainer(small(method).build()).retrain(moved, model, 3, 3, TrainingListener.NONE);

        double after = ClusteringMetrics.nmi(BLOBS.labels, ModelTrainerTest.assign(retrained, moved));
        assertThat(after).as("NMI on the moved data after the retrain (before: %.3f)", before)
                .isGreaterThanOrEqualTo(Math.min(before, 0.95) - 0.02);
        assertThat(retrained.version()).isEqualTo(2);
        assertThat(retrained.method()).isEqualTo(method.id());
    }

    @Test
    void aModelOfAnotherKRetrainsWithItsOwnKAndMethodUnderSettingsThatDoNotSetThem() {
        ModelBundle model = new ModelTrainer(small(ClusteringMethod.DCN).build()).train(BLOBS.rows, 1, TrainingListener.NONE);
        TrainingSettings configured = TrainingSettings.builder(10).widths("16,3").pretrain(small(ClusteringMethod.IDEC)
                .build().pretrain()).clusterEpochs(2).seed(7L).build();

        TrainingSettings continued = configured.continuing(model, Set.of());
        ModelBundle retrained = new ModelTrainer(continued).retrain(BLOBS.rows, model, 2, 2, TrainingListener.NONE);

        assertThat(continued.k()).isEqualTo(3);
        assertThat(continued.method()).isEqualTo(ClusteringMethod.DCN);
        assertThat(continued.sphericalEmbedding()).isEqualTo(model.encoder().spherical());
        assertThat(continued.clusterEpochs()).as("the schedule stays the configuration's").isEqualTo(2);
        assertThat(new ModelTrainer(continued).warmStartable(model)).isTrue();
        assertThat(retrained.k()).isEqualTo(3);
        assertThat(retrained.method()).isEqualTo("dcn");
        assertThat(retrained.scaler()).as("a warm retrain keeps the input scaler").isEqualTo(model.scaler());
    }

    @Test
    void anExplicitlySetKThatDiffersFromTheModelsMakesTheRetrainAFullTrainingWithIt() {
        ModelBundle model = new ModelTrainer(small(ClusteringMethod.AE_KMEANS).build()).train(BLOBS.rows, 1,
                TrainingListener.NONE);
        TrainingSettings configured = small(ClusteringMethod.AE_KMEANS).build();
        TrainingSettings four = new TrainingSettings(4, configured.widths(), configured.scaling(), configured.pretrain(),
                configured.kmeansRestarts(), configured.alpha(), configured.seed(), configured.method(),
                configured.clusterEpochs(), configured.updateInterval(), configured.tolerance(), configured.gamma(),
                configured.lambda(), configured.expertSteps(), configured.balanceWeight(), configured.clusterLearningRate(),
                configured.sphericalEmbedding(), configured.encoder());
        List<String> phases = new ArrayList<>();

        ModelBundle retrained = new ModelTrainer(four.continuing(model, Set.of("k"))).retrain(BLOBS.rows, model, 2, 2,
                (phase, step, steps, loss) -> phases.add(phase + " " + steps));

        assertThat(retrained.k()).isEqualTo(4);
        assertThat(retrained.version()).isEqualTo(2);
        assertThat(phases).as("a full pre-training ran, not the retrain's 2 epochs").contains("pretrain 30");
    }

    private static float[][] means(float[][] rows, int[] labels, int k) {
        float[][] sums = new float[k][rows[0].length];
        int[] counts = new int[k];
        for (int i = 0; i < rows.length; i++) {
            counts[labels[i]]++;
            for (int j = 0; j < rows[i].length; j++) {
                sums[labels[i]][j] += rows[i][j];
            }
        }
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < sums[c].length; j++) {
                sums[c][j] /= counts[c];
            }
        }
        return sums;
    }
}
