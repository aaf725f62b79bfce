package io.kluster.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.kluster.cluster.ClusteringMetrics;
import io.kluster.cluster.StudentTAssigner;
import io.kluster.manifold.UnevenGroups;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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
        UnevenGroups groups = UnevenGroups.of(1);
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
        assertThat(Double.parseDouble(with.hyperParameters().get("neighbourhood_stability"))).as("reproducible")
                .isGreaterThan(0.9);
        assertThat(with.decoderParameters()).as("the step keeps a decoder for retrains").isNotNull();
        assertThat(phases).as("the progress bar's phases").containsSubsequence("pretrain", "kmeans", "umap", "stability", "distil");
    }

    @Test
    void whereClustersCrossTheStepGivesWayToIdecForAPartitionItCouldNotReproduce() {
        // The DAMIC paper's curves pass near each other: the neighbour graph joins them there, and the mixture
        // cuts the joined curves somewhere else on every subsample.
        NonlinearMixture data = NonlinearMixture.generate(5, 200, 1L);
        TrainingSettings.Builder settings = TrainingSettings.builder(5).widths("64,10")
                .pretrain(new PretrainConfig(20, 64, 1e-3f, 0.1f, 7L)).seed(7L);

        ModelBundle n2d = new ModelTrainer(settings.method(ClusteringMethod.N2D).build())
                .train(data.rows, 1, TrainingListener.NONE);
        ModelBundle idec = new ModelTrainer(settings.method(ClusteringMethod.IDEC).build())
                .train(data.rows, 1, TrainingListener.NONE);

        Map<String, String> found = n2d.hyperParameters();
        assertThat(found.get("neighbourhood_step")).startsWith("idec instead");
        assertThat(Double.parseDouble(found.get("neighbourhood_stability")))
                .isLessThan(Double.parseDouble(found.get("kmeans_stability")) - NeighbourhoodDistillation.STABILITY_TOLERANCE);
        assertThat(ClusteringMetrics.nmi(ModelTrainerTest.assign(idec, data.rows), ModelTrainerTest.assign(n2d, data.rows)))
                .as("agreement with IDEC from the same codes").isEqualTo(1.0);
    }

    @Test
    void theStepsSampleIsASeededDrawWithoutReplacementInTheRowsOrder() {
        float[][] rows = new float[1000][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new float[] {i};
        }

        float[][] drawn = NeighbourhoodDistillation.sample(rows, 300, 7L);

        assertThat(drawn.length).isEqualTo(300);
        float[] firsts = new float[drawn.length];
        for (int i = 0; i < drawn.length; i++) {
            firsts[i] = drawn[i][0];
        }
        assertThat(firsts).as("distinct rows, in their order").isSorted().doesNotHaveDuplicates();
        assertThat(firsts[299]).as("drawn from all the rows, not the first 300").isGreaterThan(900f);
        assertThat(NeighbourhoodDistillation.sample(rows, 300, 7L)).isEqualTo(drawn);
        assertThat(NeighbourhoodDistillation.sample(rows, 300, 8L)).isNotEqualTo(drawn);
        assertThat(NeighbourhoodDistillation.sample(rows, 1000, 7L)).isSameAs(rows);
    }

    @Test
    void tooFewRowsSkipTheStepAndSaySo() {
        UnevenGroups groups = UnevenGroups.of(2);
        float[][] rows = Arrays.copyOf(groups.points(), 300);

        ModelBundle model = new ModelTrainer(settings().method(ClusteringMethod.N2D).build()).train(rows, 1, TrainingListener.NONE);

        assertThat(model.hyperParameters().get("neighbourhood_step")).startsWith("skipped: 300 rows");
    }
}
