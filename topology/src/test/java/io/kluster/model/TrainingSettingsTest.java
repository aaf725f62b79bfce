package io.kluster.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class TrainingSettingsTest {

    @Test
    void theBuilderNeedsOnlyK() {
        TrainingSettings settings = TrainingSettings.builder(10).build();

        assertThat(settings.k()).isEqualTo(10);
        assertThat(settings.tolerance()).isEqualTo(0.001);
        assertThat(settings.gamma()).isEqualTo(0.1);
        assertThat(settings.balanceWeight()).isZero();
        assertThat(settings.sphericalEmbedding()).isTrue();
        assertThat(settings.pretrain().seed()).isEqualTo(settings.seed());
    }

    @Test
    void describesEverySetting() {
        assertThat(TrainingSettings.builder(4).method(ClusteringMethod.DCN).lambda(0.25).build().describe())
                .containsEntry("method", "dcn")
                .containsEntry("lambda", "0.25")
                .containsKeys("k", "widths", "scaling", "pretrain_epochs", "batch_size", "learning_rate", "masking_noise",
                        "kmeans_restarts", "alpha", "seed", "cluster_epochs", "update_interval", "tolerance", "gamma",
                        "balance_weight", "cluster_learning_rate");
    }

    @Test
    void rejectsOutOfRangeValuesNamingTheSetting() {
        assertRejected(b -> b.clusterEpochs(-1), "cluster epochs");
        assertRejected(b -> b.updateInterval(0), "update interval");
        assertRejected(b -> b.tolerance(1.0), "tolerance");
        assertRejected(b -> b.tolerance(-0.1), "tolerance");
        assertRejected(b -> b.gamma(0), "gamma");
        assertRejected(b -> b.lambda(-1), "lambda");
        assertRejected(b -> b.balanceWeight(-0.5), "balance weight");
        assertRejected(b -> b.clusterLearningRate(0f), "cluster learning rate");
        assertRejected(b -> b.method(null), "method");
        assertRejected(b -> b.alpha(0), "alpha");
    }

    private static void assertRejected(UnaryOperator<TrainingSettings.Builder> change, String message) {
        assertThatThrownBy(() -> change.apply(TrainingSettings.builder(3)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
