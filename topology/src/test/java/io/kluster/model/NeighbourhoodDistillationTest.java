package io.kluster.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.kluster.cluster.ClusteringMetrics;
import io.kluster.cluster.StudentTAssigner;
import io.kluster.manifold.UnevenGroups;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NeighbourhoodDistillationTest {

    private static TrainingSettings.Builder settings() {
        return TrainingSettings.builder(3)
                .widths("32,2")
                .sphericalEmbedding(false)
                .pretrain(new PretrainConfig(40, 32, 1e-2f, 0f, 3L))
                .kmeansRestarts(3)
                .seed(3L);
    }

    private static double nmiOfTheStreamsAssignment(ModelBundle model, float[][] rows, int[] labels) {
        try (Embedder embedder = Embedder.open(model)) {
            float[] flat = embedder.embed(rows, rows.length);
            int e = model.encoder().embeddingDimension();
            float[][] embeddings = new float[rows.length][e];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(flat, i * e, embeddings[i], 0, e);
            }
            int[] assigned = Matrices.argmaxRows(new StudentTAssigner(model.alpha()).softAssignAll(embeddings, model.centroids()));
            return ClusteringMetrics.nmi(labels, assigned);
        }
    }

    @Test
    void theStreamsOneForwardPassAssignsTheGroupsTheNeighbourhoodStepFoundAndWithoutItDoesNot() {
        UnevenGroups groups = UnevenGroups.of(2);
        int[] labels = groups.labels();
        float[][] rows = groups.points();
        List<String> phases = new ArrayList<>();
        TrainingListener recorder = (phase, step, steps, loss) -> phases.add(phase);

        ModelBundle without = new ModelTrainer(settings().method(ClusteringMethod.AE_KMEANS).build()).train(rows, 1, TrainingListener.NONE);
        ModelBundle with = new ModelTrainer(settings().method(ClusteringMethod.N2D).build()).train(rows, 1, recorder);

        assertThat(nmiOfTheStreamsAssignment(without, rows, labels)).as("k-means on the codes").isLessThan(0.7);
        assertThat(nmiOfTheStreamsAssignment(with, rows, labels)).as("after the neighbourhood step").isGreaterThan(0.9);
        assertThat(Double.parseDouble(with.hyperParameters().get("neighbourhood_agreement"))).isGreaterThan(0.95);
        assertThat(with.hyperParameters()).containsEntry("neighbourhood_step", "umap").containsEntry("method", "n2d");
        assertThat(with.decoderParameters()).as("the step keeps a decoder for retrains").isNotNull();
        assertThat(phases).as("the progress bar's phases").containsSubsequence("pretrain", "kmeans", "umap", "distil");
    }

    @Test
    void tooFewRowsSkipTheStepAndSaySo() {
        UnevenGroups groups = UnevenGroups.of(2);
        float[][] rows = Arrays.copyOf(groups.points(), 300);

        ModelBundle model = new ModelTrainer(settings().method(ClusteringMethod.N2D).build()).train(rows, 1, TrainingListener.NONE);

        assertThat(model.hyperParameters().get("neighbourhood_step")).startsWith("skipped: 300 rows");
    }
}
