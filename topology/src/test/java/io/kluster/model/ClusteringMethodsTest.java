package io.kluster.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.kluster.cluster.ClusteringMetrics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ClusteringMethodsTest {

    private static final Blobs BLOBS = Blobs.generate(3, 100, 6, 0.5, 11L);

    private static TrainingSettings.Builder small(ClusteringMethod method) {
        return TrainingSettings.builder(3)
                .widths("16,3")
                .pretrain(new PretrainConfig(30, 32, 1e-2f, 0.1f, 7L))
                .kmeansRestarts(5)
                .method(method)
                .clusterEpochs(8)
                .updateInterval(5)
                .clusterLearningRate(1e-3f)
                .seed(7L);
    }

    private static ModelBundle train(TrainingSettings settings, TrainingListener listener) {
        return new ModelTrainer(settings).train(BLOBS.rows, 1, listener);
    }

    static Stream<Arguments> everyMethodFlatAndOnTheSphere() {
        return Arrays.stream(ClusteringMethod.values())
                .flatMap(method -> Stream.of(Arguments.of(method, true), Arguments.of(method, false)));
    }

    @ParameterizedTest(name = "{0}, spherical {1}")
    @MethodSource("everyMethodFlatAndOnTheSphere")
    void everyMethodRecoversWellSeparatedBlobsFlatAndOnTheSphere(ClusteringMethod method, boolean spherical) {
        ModelBundle bundle = train(small(method).sphericalEmbedding(spherical).build(), TrainingListener.NONE);

        int[] predicted = ModelTrainerTest.assign(bundle, BLOBS.rows);
        assertThat(ClusteringMetrics.accuracy(BLOBS.labels, predicted)).isGreaterThanOrEqualTo(0.9);
        assertThat(bundle.method()).isEqualTo(method.id());
        assertThat(bundle.k()).isEqualTo(3);
        assertThat(bundle.encoder().spherical()).isEqualTo(spherical);
        try (Embedder embedder = Embedder.open(bundle)) {
            double[] norms = ModelTrainerTest.lengths(embedder.embed(BLOBS.rows, BLOBS.rows.length), 3);
            double spread = Arrays.stream(norms).max().orElseThrow() - Arrays.stream(norms).min().orElseThrow();
            if (spherical) {
                assertThat(spread).as("every embedding has length √3").isLessThan(1e-4);
                assertThat(norms[0]).isCloseTo(Math.sqrt(3), Offset.offset(1e-4));
            } else {
                assertThat(spread).as("raw codes keep their lengths").isGreaterThan(0.1);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ClusteringMethod.class)
    void everyMethodReportsItsPhaseAndRecordsEverySetting(ClusteringMethod method) {
        List<String> phases = new ArrayList<>();
        TrainingSettings settings = small(method).clusterEpochs(2).build();
        ModelBundle bundle = train(settings, (phase, step, steps, loss) -> {
            assertThat(loss).isFinite();
            phases.add(phase);
        });

        assertThat(phases).contains("pretrain", "kmeans");
        if (method != ClusteringMethod.AE_KMEANS) {
            assertThat(phases).contains(method.id());
        }
        assertThat(bundle.hyperParameters()).containsAllEntriesOf(settings.describe());
    }

    @ParameterizedTest
    @EnumSource(ClusteringMethod.class)
    void onlyMethodsThatTrainTheDecoderShipIt(ClusteringMethod method) {
        ModelBundle bundle = train(small(method).clusterEpochs(1).build(), TrainingListener.NONE);

        boolean keepsDecoder = EnumSet.of(ClusteringMethod.AE_KMEANS, ClusteringMethod.IDEC, ClusteringMethod.DCN,
                ClusteringMethod.DEEPCLUSTER).contains(method);
        assertThat(bundle.decoderParameters() != null).isEqualTo(keepsDecoder);
    }

    @Test
    void decLowersTheKlDivergenceOverItsTargetUpdates() {
        List<Double> kl = new ArrayList<>();
        train(small(ClusteringMethod.DEC).tolerance(0).clusterEpochs(10).build(), (phase, step, steps, loss) -> {
            if (phase.equals("dec")) {
                kl.add(loss);
            }
        });

        assertThat(kl).hasSizeGreaterThan(3);
        assertThat(kl.get(kl.size() - 1)).isLessThan(kl.get(0));
    }

    @Test
    void decStopsOnceAssignmentsSettle() {
        List<Integer> steps = new ArrayList<>();
        List<Integer> planned = new ArrayList<>();
        ModelBundle bundle = train(small(ClusteringMethod.DEC).tolerance(0.5).clusterEpochs(10).build(),
                (phase, step, of, loss) -> {
                    if (phase.equals("dec")) {
                        steps.add(step);
                        planned.add(of);
                    }
                });

        assertThat(steps).hasSizeLessThan(planned.get(0));
        assertThat(bundle.hyperParameters()).containsEntry("converged", "true");
    }

    @Test
    void decWithTheBalanceRegulariserStillRecoversBlobs() {
        ModelBundle bundle = train(small(ClusteringMethod.DEC).balanceWeight(1.0).build(), TrainingListener.NONE);

        int[] predicted = ModelTrainerTest.assign(bundle, BLOBS.rows);
        assertThat(ClusteringMetrics.accuracy(BLOBS.labels, predicted)).isGreaterThanOrEqualTo(0.9);
    }

    @Test
    void theSameSeedGivesTheSameDecModel() {
        TrainingSettings settings = small(ClusteringMethod.DEC).clusterEpochs(3).build();
        ModelBundle first = train(settings, TrainingListener.NONE);
        ModelBundle second = train(settings, TrainingListener.NONE);

        assertThat(second.encoderParameters()).isEqualTo(first.encoderParameters());
        assertThat(second.centroids()).isDeepEqualTo(first.centroids());
    }

    @Test
    void zeroClusterEpochsLeavesThePretrainedModel() {
        ModelBundle kmeans = train(small(ClusteringMethod.AE_KMEANS).build(), TrainingListener.NONE);
        ModelBundle dec = train(small(ClusteringMethod.DEC).clusterEpochs(0).build(), TrainingListener.NONE);

        assertThat(dec.encoderParameters()).isEqualTo(kmeans.encoderParameters());
        assertThat(dec.centroids()).isDeepEqualTo(kmeans.centroids());
    }

    @Test
    void balancedWeightsMakeEveryClassWeighTheSame() {
        int[] labels = {0, 0, 0, 1};
        float[] weights = ClassifierHead.balancedWeights(labels, 3);

        assertThat(weights[0] * 3).isEqualTo(weights[3]);
        assertThat(weights[0] + weights[1] + weights[2] + weights[3]).isEqualTo(4f);
    }
}
