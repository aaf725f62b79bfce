package io.kluster.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.kluster.cluster.StudentTAssigner;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernel DEC and IDEC train through (on DJL arrays, differentiable) and the kernel the stream
 * assigns with ({@link StudentTAssigner}, on plain floats) are one function: a model's clusters
 * are the clusters its loss shaped.
 */
class StudentTKernelTest {

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 1.0, 3.0})
    void theTrainingKernelAndTheStreamsKernelGiveTheSameSoftAssignments(double alpha) {
        SplittableRandom random = new SplittableRandom(31L);
        float[][] embeddings = new float[40][5];
        float[][] centroids = new float[4][5];
        for (float[][] m : new float[][][] {embeddings, centroids}) {
            for (float[] row : m) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = (float) random.nextDouble(-3, 3);
                }
            }
        }

        float[][] stream = new StudentTAssigner(alpha).softAssignAll(embeddings, centroids);
        float[][] training;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray q = DecObjective.softAssign(Matrices.create(manager, embeddings), Matrices.create(manager, centroids),
                    alpha);
            training = Matrices.rows(q);
        }

        for (int i = 0; i < embeddings.length; i++) {
            for (int j = 0; j < centroids.length; j++) {
                assertThat(training[i][j]).as("q[%d][%d]", i, j).isCloseTo(stream[i][j], within(1e-5f));
            }
        }
    }
}
