package io.kluster.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kluster.cluster.ClusteringMetrics;
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
}
