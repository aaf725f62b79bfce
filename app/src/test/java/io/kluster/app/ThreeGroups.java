package io.kluster.app;

import io.kluster.model.ModelBundle;
import io.kluster.model.ModelBundleCodec;
import io.kluster.model.ModelTrainer;
import io.kluster.model.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;

/** Data in three well-separated groups, and a small model trained on it, for tests that run the program. */
final class ThreeGroups {

    static final int K = 3;

    private ThreeGroups() {
    }

    /** Row i belongs to group i % 3: every feature near 0, 4 or 8. */
    static float[][] rows(int n, int dimension, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] rows = new float[n][dimension];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < dimension; j++) {
                rows[i][j] = (float) ((i % K) * 4 + random.nextDouble(-1, 1));
            }
        }
        return rows;
    }

    /**
     * Trains a small seeded model (encoder {@code dimension}-16-3, k = 3) on 300 such rows and saves
     * it to {@code dir}, so that a program started with {@code --model dir} assigns from its first record.
     * The groups lie on one line, the middle one at the centre once scaled, so they differ in magnitude,
     * not direction: the model clusters flat rather than on the sphere.
     */
    static Path saveModel(Path dir, int dimension, long seed) throws IOException {
        KlusterConfig config = KlusterConfig.resolve(new Properties(), Map.of(), Map.of(
                KlusterConfig.K, K, KlusterConfig.ENCODER_WIDTHS, "16,3", KlusterConfig.PRETRAIN_EPOCHS, 10,
                KlusterConfig.PRETRAIN_BATCH_SIZE, 32, KlusterConfig.CLUSTER_EPOCHS, 2,
                KlusterConfig.SPHERICAL_EMBEDDING, false));
        ModelBundle bundle = new ModelTrainer(config.trainingSettings()).train(rows(300, dimension, seed), 1,
                TrainingListener.NONE);
        ModelBundleCodec.save(bundle, dir);
        return dir;
    }
}
