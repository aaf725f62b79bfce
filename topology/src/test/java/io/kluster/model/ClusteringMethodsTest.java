package io.kluster.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.kluster.cluster.ClusteringMetrics;
import io.kluster.cluster.KMeans;
import io.kluster.cluster.StudentTAssigner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClusteringMethodsTest {

    /** Three well-separated blobs in 6 dimensions, the methods' common fixture. */
    static final Blobs BLOBS = Blobs.generate(3, 100, 6, 0.5, 11L);

    /** Quick settings for {@link #BLOBS}: a 16-3 encoder, 30 pre-training epochs. */
    static TrainingSettings.Builder small(ClusteringMethod method) {
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
            if (step > 0) {
                // A phase may announce itself at step 0, before it has a loss (n2d's layout).
                assertThat(loss).isFinite();
            }
            phases.add(phase);
        });

        assertThat(phases).contains("pretrain", "kmeans");
        if (method == ClusteringMethod.DAMIC) {
            // Its joint phase ("damic") runs only where the experts' partition stands: see the DAMIC specs below.
            assertThat(phases).contains("damic experts");
        } else if (method != ClusteringMethod.AE_KMEANS && method != ClusteringMethod.N2D) {
            assertThat(phases).contains(method.id());
        }
        // n2d's phases (umap, distil) need more rows than these: NeighbourhoodDistillationTest shows them.
        assertThat(bundle.hyperParameters()).containsAllEntriesOf(settings.describe());
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

    // What sets each method apart: every specification below fails when that method's defining step is removed.

    @Test
    void decSharpensItsAssignmentsWhichAeKMeansFromTheSameStartDoesNot() {
        ModelBundle start = train(small(ClusteringMethod.AE_KMEANS).build(), TrainingListener.NONE);
        ModelBundle dec = train(small(ClusteringMethod.DEC).tolerance(0).clusterEpochs(10).clusterLearningRate(1e-2f).build(),
                TrainingListener.NONE);

        // Against the target P, which squares and renormalises Q, KL pulls every q towards its largest entry;
        // trained against Q itself the loss would be zero and nothing would move.
        assertThat(meanConfidence(dec, BLOBS.rows)).as("DEC's mean confidence, against %.3f from the same start",
                meanConfidence(start, BLOBS.rows)).isGreaterThan(meanConfidence(start, BLOBS.rows) + 0.015);
    }

    @Test
    void dcnMovesItsCentroidsAlongWithTheEmbeddingsByTheCountBasedStep() {
        ModelBundle start = train(small(ClusteringMethod.AE_KMEANS).build(), TrainingListener.NONE);
        ModelBundle dcn = train(small(ClusteringMethod.DCN).clusterEpochs(10).build(), TrainingListener.NONE);

        int[] labels = ModelTrainerTest.assign(dcn, BLOBS.rows);
        float[][] embeddings = embeddings(dcn, BLOBS.rows);
        for (int c = 0; c < 3; c++) {
            assertThat(distance(dcn.centroids()[c], start.centroids()[c])).as("centroid %d moved from k-means'", c)
                    .isGreaterThan(1e-3);
            // Each centroid is the running mean of the embeddings it took, so it sits among its cluster.
            assertThat(distance(dcn.centroids()[c], mean(embeddings, labels, c)))
                    .as("centroid %d against the mean of its cluster's embeddings", c)
                    .isLessThan(0.5 * spread(embeddings, labels, c));
        }
    }

    @Test
    void idecKeepsReconstructingWhereDecWithTheSameScheduleLosesIt() {
        TrainingSettings.Builder hard = small(ClusteringMethod.DEC).tolerance(0).clusterEpochs(20).clusterLearningRate(1e-2f);
        ModelBundle dec = train(hard.build(), TrainingListener.NONE);
        ModelBundle idec = train(hard.method(ClusteringMethod.IDEC).gamma(1.0).build(), TrainingListener.NONE);

        assertThat(reconstructionError(idec, BLOBS.rows)).as("IDEC's reconstruction error, against DEC's %.4f",
                reconstructionError(dec, BLOBS.rows)).isLessThan(0.9 * reconstructionError(dec, BLOBS.rows));
    }

    @Test
    void deepClusterReassignsItsPseudoLabelsAsTheEncoderLearns() {
        NonlinearMixture data = NonlinearMixture.generate(5, 60, 3L);
        TrainingSettings settings = TrainingSettings.builder(5).widths("32,4").pretrain(new PretrainConfig(10, 32, 1e-3f,
                0f, 7L)).method(ClusteringMethod.DEEPCLUSTER).clusterEpochs(5).clusterLearningRate(1e-2f).seed(7L).build();

        ModelBundle bundle = new ModelTrainer(settings).train(data.rows, 1, TrainingListener.NONE);

        assertThat(Long.parseLong(bundle.hyperParameters().get("pseudo_labels_reassigned")))
                .as("pseudo-labels that k-means changed between epochs").isPositive();
    }

    @Test
    void deepClustersHeadLearnsTheFirstPseudoLabelsBeforeItsGradientsReachTheEncoder() {
        ModelBundle bundle = train(small(ClusteringMethod.DEEPCLUSTER).build(), TrainingListener.NONE);

        // A random head would agree with about one row in k, and its gradients would scatter the codes.
        assertThat(Double.parseDouble(bundle.hyperParameters().get("head_warm_up_agreement")))
                .as("rows whose first pseudo-label the warmed-up head predicts").isGreaterThan(0.95);
    }

    @Test
    void damicsExpertsSpecialiseEachOnTheClusterItsGateGivesIt() {
        ModelBundle damic = train(small(ClusteringMethod.DAMIC).build(), TrainingListener.NONE);

        // Identical experts would tie on every record and agree with the gate on about one in k.
        assertThat(Double.parseDouble(damic.hyperParameters().get("expert_agreement")))
                .as("records best reconstructed by their own cluster's expert").isGreaterThan(0.8);
        assertThat(Double.parseDouble(damic.hyperParameters().get("gate_agreement")))
                .as("records whose nearest centroid is their gate's cluster").isGreaterThan(0.9);
    }

    @ParameterizedTest(name = "data seed {0}")
    @ValueSource(longs = {1, 2})
    void damicSeparatesElongatedClustersThatKMeansOnTheRawFeaturesCutsAcross(long dataSeed) {
        NonlinearMixture data = NonlinearMixture.generate(5, 200, dataSeed);
        TrainingSettings settings = TrainingSettings.builder(5).widths("64,10")
                .pretrain(new PretrainConfig(20, 64, 1e-3f, 0.1f, 7L)).method(ClusteringMethod.DAMIC).clusterEpochs(5)
                .seed(7L).build();

        ModelBundle bundle = new ModelTrainer(settings).train(data.rows, 1, TrainingListener.NONE);
        int[] damic = ModelTrainerTest.assign(bundle, data.rows);
        int[] kmeans = KMeans.builder().k(5).restarts(10).seed(7L).build().fit(data.rows).labels();

        // Each cluster is a thin curve; k-means cuts across the curves where they pass near each other, and one
        // narrow expert per curve follows it (the DAMIC paper's synthetic set: k-means 0.80, DAMIC 0.94).
        double kmeansNmi = ClusteringMetrics.nmi(data.labels, kmeans);
        assertThat(ClusteringMetrics.nmi(data.labels, damic)).as("DAMIC's NMI, against k-means' %.3f", kmeansNmi)
                .isGreaterThan(kmeansNmi + 0.04);
        assertThat(bundle.hyperParameters()).containsEntry("expert_partition", "experts");
    }

    @Test
    void damicKeepsTheKMeansPartitionOfItsCodesWhereItsCurveExpertsExplainLittleOfTheClusters() {
        // Round blobs in 20 dimensions: a one-dimensional expert reconstructs a small share of its blob's variance.
        Blobs blobs = Blobs.generate(3, 100, 20, 1.0, 5L);
        TrainingSettings.Builder settings = small(ClusteringMethod.DAMIC);

        ModelBundle damic = new ModelTrainer(settings.build()).train(blobs.rows, 1, TrainingListener.NONE);
        ModelBundle aeKMeans = new ModelTrainer(settings.method(ClusteringMethod.AE_KMEANS).build())
                .train(blobs.rows, 1, TrainingListener.NONE);

        assertThat(Double.parseDouble(damic.hyperParameters().get("expert_explained_variance")))
                .isLessThan(DamicObjective.CURVE_EXPLAINED_VARIANCE);
        assertThat(damic.hyperParameters()).containsEntry("expert_partition", "k-means");
        assertThat(ClusteringMetrics.nmi(ModelTrainerTest.assign(aeKMeans, blobs.rows),
                ModelTrainerTest.assign(damic, blobs.rows))).as("agreement with ae-kmeans from the same codes").isEqualTo(1.0);
    }

    @Test
    void damicsExpertRoundsStopOnceNoRecordChangesExpert() {
        ModelBundle settled = train(small(ClusteringMethod.DAMIC).build(), TrainingListener.NONE);
        ModelBundle untilTheLast = train(small(ClusteringMethod.DAMIC).tolerance(0).build(), TrainingListener.NONE);

        // On well-separated blobs the experts' partition settles within a few rounds; a tolerance of 0 never stops early.
        assertThat(Integer.parseInt(settled.hyperParameters().get("expert_rounds"))).as("rounds run by default")
                .isBetween(2, DamicObjective.EXPERT_ROUNDS - 1);
        assertThat(Integer.parseInt(untilTheLast.hyperParameters().get("expert_rounds"))).as("rounds run with tolerance 0")
                .isEqualTo(DamicObjective.EXPERT_ROUNDS);
    }

    private static float[][] embeddings(ModelBundle bundle, float[][] rows) {
        int e = bundle.encoder().embeddingDimension();
        try (Embedder embedder = Embedder.open(bundle)) {
            float[] flat = embedder.embed(rows, rows.length);
            float[][] out = new float[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                out[i] = Arrays.copyOfRange(flat, i * e, (i + 1) * e);
            }
            return out;
        }
    }

    private static double meanConfidence(ModelBundle bundle, float[][] rows) {
        float[][] q = new StudentTAssigner(bundle.alpha()).softAssignAll(embeddings(bundle, rows), bundle.centroids());
        double sum = 0;
        for (float[] row : q) {
            float max = 0;
            for (float v : row) {
                max = Math.max(max, v);
            }
            sum += max;
        }
        return sum / q.length;
    }

    private static double reconstructionError(ModelBundle bundle, float[][] rows) {
        try (Embedder embedder = Embedder.open(bundle)) {
            return embedder.reconstructionError(rows, rows.length, embedder.embed(rows, rows.length));
        }
    }

    private static float[] mean(float[][] points, int[] labels, int cluster) {
        float[] sum = new float[points[0].length];
        int n = 0;
        for (int i = 0; i < points.length; i++) {
            if (labels[i] == cluster) {
                n++;
                for (int j = 0; j < sum.length; j++) {
                    sum[j] += points[i][j];
                }
            }
        }
        for (int j = 0; j < sum.length; j++) {
            sum[j] /= n;
        }
        return sum;
    }

    /** Root mean squared distance of a cluster's points to their mean. */
    private static double spread(float[][] points, int[] labels, int cluster) {
        float[] centre = mean(points, labels, cluster);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < points.length; i++) {
            if (labels[i] == cluster) {
                sum += Math.pow(distance(points[i], centre), 2);
                n++;
            }
        }
        return Math.sqrt(sum / n);
    }

    private static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int j = 0; j < a.length; j++) {
            sum += (a[j] - b[j]) * (double) (a[j] - b[j]);
        }
        return Math.sqrt(sum);
    }

    @Test
    void balancedWeightsMakeEveryClassWeighTheSame() {
        int[] labels = {0, 0, 0, 1};
        float[] weights = ClassifierHead.balancedWeights(labels, 3);

        assertThat(weights[0] * 3).isEqualTo(weights[3]);
        assertThat(weights[0] + weights[1] + weights[2] + weights[3]).isEqualTo(4f);
    }
}
