package io.kluster.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kluster.cluster.ClusteringMetrics;
import io.kluster.cluster.StabilityKSelector;
import io.kluster.cluster.StudentTAssigner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelTrainerTest {

    private static final TrainingSettings SMALL = TrainingSettings.builder(3)
            .widths("16,2")
            .pretrain(new PretrainConfig(30, 32, 1e-2f, 0f, 7L))
            .kmeansRestarts(5)
            .method(ClusteringMethod.AE_KMEANS)
            .seed(7L)
            .build();

    @Test
    void recoversWellSeparatedBlobs() {
        Blobs blobs = Blobs.generate(3, 100, 6, 0.5, 11L);
        ModelBundle bundle = new ModelTrainer(SMALL).train(blobs.rows, 1, TrainingListener.NONE);

        int[] predicted = assign(bundle, blobs.rows);
        assertThat(ClusteringMetrics.accuracy(blobs.labels, predicted)).isGreaterThan(0.95);
        assertThat(bundle.k()).isEqualTo(3);
        assertThat(bundle.method()).isEqualTo("ae-kmeans");
        assertThat(bundle.inputDimension()).isEqualTo(6);
        assertThat(bundle.decoderParameters()).isNotNull();
    }

    @Test
    void aTrainerThatChoosesKFindsTheBlobsOnTheEmbeddingsAndRecordsWhy() {
        Blobs blobs = Blobs.generate(4, 80, 6, 0.5, 13L);
        List<String> phases = new ArrayList<>();
        ModelBundle bundle = new ModelTrainer(SMALL, StabilityKSelector.builder(2, 8).seed(7L).build())
                .train(blobs.rows, 1, new TrainingListener() {
                    @Override
                    public void onStep(String phase, int step, int steps, double loss) {
                        phases.add(phase);
                    }

                    @Override
                    public void onBatch() {
                        phases.add("batch");
                    }
                });

        assertThat(bundle.k()).as(bundle.hyperParameters().toString()).isEqualTo(4);
        assertThat(bundle.clusterIds()).containsExactly(0, 1, 2, 3);
        assertThat(ClusteringMetrics.accuracy(blobs.labels, assign(bundle, blobs.rows))).isGreaterThan(0.95);
        assertThat(bundle.hyperParameters()).containsEntry("k", "4").containsEntry("k_selection", "stability")
                .containsEntry("k_range", "2..8");
        assertThat(bundle.hyperParameters().get("k_curve")).startsWith("2:").contains(",4:");
        // Chosen after pre-training, on what the clustering phase reads, and before it.
        assertThat(phases.indexOf("choose k")).isGreaterThan(phases.lastIndexOf("pretrain"))
                .isLessThan(phases.indexOf("kmeans"));
        // Every k tried (2..8) is a step and a batch, so that a background trainer can pace the selection.
        int first = phases.indexOf("choose k");
        assertThat(phases.subList(first, phases.lastIndexOf("choose k") + 2))
                .containsExactly("choose k", "batch", "choose k", "batch", "choose k", "batch", "choose k", "batch",
                        "choose k", "batch", "choose k", "batch", "choose k", "batch");
    }

    @Test
    void aRetrainThatChoosesKAgainAddsTheClustersTheRowsNowHold() {
        Blobs three = Blobs.generate(3, 80, 6, 0.5, 17L);
        StabilityKSelector selector = StabilityKSelector.builder(2, 8).seed(7L).build();
        TrainingSettings withoutEncoder = TrainingSettings.builder(3).encoder(EncoderChoice.NONE).seed(7L).build();
        ModelBundle current = new ModelTrainer(withoutEncoder, selector).train(three.rows, 1, TrainingListener.NONE);
        assertThat(current.k()).isEqualTo(3);

        Blobs five = Blobs.generate(5, 80, 6, 0.5, 17L);
        ModelBundle retrained = new ModelTrainer(withoutEncoder, selector).retrain(five.rows, current, 1, 1,
                TrainingListener.NONE);

        assertThat(retrained.k()).isEqualTo(5);
        assertThat(retrained.version()).isEqualTo(2);
        // A fixed k keeps the model's k whatever the rows hold.
        assertThat(new ModelTrainer(withoutEncoder).retrain(five.rows, current, 1, 1, TrainingListener.NONE).k())
                .isEqualTo(3);
    }

    @Test
    void theSameSeedGivesTheSameModel() {
        Blobs blobs = Blobs.generate(3, 40, 4, 1.0, 3L);
        ModelBundle first = new ModelTrainer(SMALL).train(blobs.rows, 1, TrainingListener.NONE);
        ModelBundle second = new ModelTrainer(SMALL).train(blobs.rows, 1, TrainingListener.NONE);

        assertThat(second.encoderParameters()).isEqualTo(first.encoderParameters());
        assertThat(second.centroids()).isDeepEqualTo(first.centroids());
    }

    @Test
    void pretrainingReportsEveryEpochAndLowersTheLoss() {
        Blobs blobs = Blobs.generate(3, 40, 4, 1.0, 5L);
        List<Double> losses = new ArrayList<>();
        new ModelTrainer(SMALL).train(blobs.rows, 1, (phase, step, steps, loss) -> {
            if (phase.equals("pretrain")) {
                losses.add(loss);
            }
        });

        assertThat(losses).hasSize(30);
        assertThat(losses.get(29)).isLessThan(losses.get(0) * 0.5);
    }

    @Test
    void everyMiniBatchIsReportedSoThatABackgroundTrainerCanPaceItself() {
        Blobs blobs = Blobs.generate(3, 40, 4, 1.0, 5L);
        int[] batches = new int[1];
        new ModelTrainer(SMALL).train(blobs.rows, 1, new TrainingListener() {
            @Override
            public void onStep(String phase, int step, int steps, double loss) {
            }

            @Override
            public void onBatch() {
                batches[0]++;
            }
        });

        // 120 rows in batches of 32 make 4 mini-batches per epoch, over 30 pre-training epochs.
        assertThat(batches[0]).isEqualTo(30 * 4);
    }

    @Test
    void trainingFromAPretrainedAutoencoderSkipsPreTrainingAndKeepsItsScaling() {
        Blobs blobs = Blobs.generate(3, 100, 6, 0.5, 11L);
        ModelBundle pretrained = new ModelTrainer(SMALL).train(blobs.rows, 1, TrainingListener.NONE);
        TrainingSettings idec = TrainingSettings.builder(3).widths("32,3").method(ClusteringMethod.IDEC).clusterEpochs(3)
                .seed(7L).build();
        List<String> phases = new ArrayList<>();

        ModelBundle trained = new ModelTrainer(idec).trainFrom(pretrained, blobs.rows, 1,
                (phase, step, steps, loss) -> phases.add(phase));

        assertThat(phases).doesNotContain("pretrain").contains("kmeans", "idec");
        assertThat(trained.method()).isEqualTo("idec");
        assertThat(trained.encoder()).as("the pre-trained architecture, not the settings' widths")
                .isEqualTo(pretrained.encoder());
        assertThat(trained.scaler()).isEqualTo(pretrained.scaler());
        assertThat(trained.hyperParameters()).containsEntry("widths", "16,2")
                .containsEntry("pretrain_epochs", "30").containsEntry("pretrained_separately", "true");
        assertThat(trained.encoderParameters()).as("IDEC fine-tuned the encoder").isNotEqualTo(pretrained.encoderParameters());
        assertThat(ClusteringMetrics.accuracy(blobs.labels, assign(trained, blobs.rows))).isGreaterThan(0.95);
    }

    @Test
    void aSphericalIdecFromAPlainAutoencoderClustersOnTheSphere() {
        Blobs blobs = Blobs.generate(3, 100, 6, 0.5, 11L);
        TrainingSettings plain = TrainingSettings.builder(3).widths("16,2").pretrain(SMALL.pretrain()).kmeansRestarts(5)
                .method(ClusteringMethod.AE_KMEANS).sphericalEmbedding(false).seed(7L).build();
        ModelBundle pretrained = new ModelTrainer(plain).train(blobs.rows, 1, TrainingListener.NONE);
        assertThat(pretrained.encoder().spherical()).isFalse();
        TrainingSettings spherical = TrainingSettings.builder(3).method(ClusteringMethod.IDEC).clusterEpochs(3)
                .sphericalEmbedding(true).seed(7L).build();

        ModelBundle trained = new ModelTrainer(spherical).trainFrom(pretrained, blobs.rows, 1, TrainingListener.NONE);

        assertThat(trained.encoder().spherical()).isTrue();
        assertThat(trained.hyperParameters()).containsEntry("spherical_embedding", "true");
        try (Embedder embedder = Embedder.open(trained)) {
            float[] z = embedder.embed(blobs.rows, 10);
            for (int i = 0; i < 10; i++) {
                assertThat(Math.hypot(z[2 * i], z[2 * i + 1])).isCloseTo(Math.sqrt(2), org.assertj.core.data.Offset.offset(1e-4));
            }
        }
        assertThat(ClusteringMetrics.accuracy(blobs.labels, assign(trained, blobs.rows))).isGreaterThan(0.9);
    }

    @Test
    void aeKMeansFromItsOwnAutoencoderFindsTheSameCentroids() {
        Blobs blobs = Blobs.generate(3, 60, 5, 1.0, 13L);
        ModelBundle original = new ModelTrainer(SMALL).train(blobs.rows, 1, TrainingListener.NONE);

        ModelBundle again = new ModelTrainer(SMALL).trainFrom(original, blobs.rows, 1, TrainingListener.NONE);

        assertThat(again.encoderParameters()).isEqualTo(original.encoderParameters());
        assertThat(again.centroids()).isDeepEqualTo(original.centroids());
    }

    @Test
    void trainingFromAModelWithoutDecoderOrOfAnotherDimensionIsRefused() {
        Blobs blobs = Blobs.generate(3, 40, 4, 1.0, 5L);
        ModelBundle fourFeatures = new ModelTrainer(SMALL).train(blobs.rows, 1, TrainingListener.NONE);
        // As an older release's DEC and DAMIC models were.
        ModelBundle withoutDecoder = new ModelBundle(1, "dec", fourFeatures.encoder(), fourFeatures.scaler(),
                fourFeatures.encoderParameters(), null, fourFeatures.centroids(), fourFeatures.alpha(),
                fourFeatures.clusterIds(), fourFeatures.hyperParameters(), fourFeatures.createdAtMillis());
        float[][] fiveFeatures = Blobs.generate(3, 40, 5, 1.0, 5L).rows;

        assertThatThrownBy(() -> new ModelTrainer(SMALL).trainFrom(withoutDecoder, blobs.rows, 1, TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no decoder");
        assertThatThrownBy(() -> new ModelTrainer(SMALL).trainFrom(fourFeatures, fiveFeatures, 1, TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 features");
    }

    @Test
    void refusesFewerRecordsThanClusters() {
        float[][] two = {{1f, 2f}, {3f, 4f}};
        assertThatThrownBy(() -> new ModelTrainer(SMALL).train(two, 1, TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least k=3");
    }

    /** Assigns rows the way the stream does: the bundle's encoder, then Student's t to its centroids. */
    static int[] assign(ModelBundle bundle, float[][] rows) {
        StudentTAssigner assigner = new StudentTAssigner(bundle.alpha());
        try (Embedder embedder = Embedder.open(bundle)) {
            float[] flat = embedder.embed(rows, rows.length);
            int e = bundle.encoder().embeddingDimension();
            int[] out = new int[rows.length];
            for (int i = 0; i < rows.length; i++) {
                out[i] = assigner.assign(java.util.Arrays.copyOfRange(flat, i * e, (i + 1) * e), bundle.centroids()).cluster();
            }
            return out;
        }
    }

    /** The length of every row of {@code embeddings}, row-major with {@code e} columns. */
    static double[] lengths(float[] embeddings, int e) {
        double[] out = new double[embeddings.length / e];
        for (int i = 0; i < out.length; i++) {
            double sum = 0;
            for (int j = 0; j < e; j++) {
                sum += (double) embeddings[i * e + j] * embeddings[i * e + j];
            }
            out[i] = Math.sqrt(sum);
        }
        return out;
    }
}
