package io.kluster.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kluster.model.EncoderSpec;
import io.kluster.model.FeatureScaler;
import io.kluster.model.ModelBundle;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {

    private static ModelBundle bundle(long version) {
        return new ModelBundle(version, "ae-kmeans", EncoderSpec.of(3, "2"), FeatureScaler.identity(3), new byte[0], null,
                new float[][] {{0f, 0f}, {1f, 1f}}, 1.0, new int[] {0, 1}, Map.of(), 0L);
    }

    @Test
    void versionsOnlyMoveForward() {
        ModelRegistry registry = new ModelRegistry();
        assertThat(registry.version()).isZero();
        assertThat(registry.offer(bundle(2))).isTrue();
        assertThat(registry.offer(bundle(1))).isFalse();
        assertThat(registry.offer(bundle(2))).isFalse();
        assertThat(registry.version()).isEqualTo(2);
    }

    @Test
    void aCentroidUpdateMovesTheCentroidsOfItsBaseAndKeepsTheEncoder() {
        ModelRegistry registry = new ModelRegistry();
        registry.offer(bundle(3));
        CentroidUpdate update = new CentroidUpdate(4, 3, new float[][] {{5f, 5f}, {6f, 6f}}, new int[] {1, 0});

        assertThat(registry.offer(update)).isTrue();
        assertThat(registry.version()).isEqualTo(4);
        assertThat(registry.current().centroids()[0]).containsExactly(5f, 5f);
        assertThat(registry.current().clusterIds()).containsExactly(1, 0);
        assertThat(registry.base().version()).isEqualTo(3);
        assertThat(registry.models().current()).isSameAs(registry.current());
    }

    @Test
    void aCentroidUpdateForAnotherEncoderOrAnOlderVersionIsIgnored() {
        ModelRegistry registry = new ModelRegistry();
        registry.offer(bundle(5));
        assertThat(registry.offer(new CentroidUpdate(6, 4, new float[][] {{5f, 5f}, {6f, 6f}}, new int[] {0, 1}))).isFalse();
        registry.offer(new CentroidUpdate(7, 5, new float[][] {{5f, 5f}, {6f, 6f}}, new int[] {0, 1}));
        assertThat(registry.offer(new CentroidUpdate(6, 5, new float[][] {{9f, 9f}, {8f, 8f}}, new int[] {0, 1}))).isFalse();
        assertThat(registry.version()).isEqualTo(7);
    }

    @Test
    void aCentroidUpdateOfTheWrongShapeIsIgnored() {
        ModelRegistry registry = new ModelRegistry();
        registry.offer(bundle(1));
        assertThat(registry.offer(new CentroidUpdate(2, 1, new float[][] {{1f, 2f, 3f}, {4f, 5f, 6f}}, new int[] {0, 1})))
                .isFalse();
    }

    @Test
    void centroidUpdatesRoundTripAndRejectDamage() {
        CentroidUpdate update = new CentroidUpdate(9, 8, new float[][] {{1.5f, -2f}, {0f, 3.25f}}, new int[] {3, 1});
        CentroidUpdate back = CentroidUpdate.fromBytes(update.toBytes());
        assertThat(back.version()).isEqualTo(9);
        assertThat(back.baseVersion()).isEqualTo(8);
        assertThat(back.centroids()).isDeepEqualTo(update.centroids());
        assertThat(back.clusterIds()).containsExactly(3, 1);

        byte[] bytes = update.toBytes();
        assertThatThrownBy(() -> CentroidUpdate.fromBytes(java.util.Arrays.copyOf(bytes, bytes.length - 3)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CentroidUpdate(3, 3, update.centroids(), update.clusterIds()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void trainingMessagesRoundTrip() {
        TrainingMessage.BatchStatistics stats = new TrainingMessage.BatchStatistics(2, 5, new int[] {1, 0},
                new float[] {1f, 2f, 3f, 4f}, new float[] {0.9f, 0.6f});
        TrainingMessage.BatchStatistics back = (TrainingMessage.BatchStatistics) TrainingMessageSerde.decode(
                TrainingMessageSerde.encode(stats));
        assertThat(back.baseVersion()).isEqualTo(2);
        assertThat(back.modelVersion()).isEqualTo(5);
        assertThat(back.centroids()).containsExactly(1, 0);
        assertThat(back.embeddings()).containsExactly(1f, 2f, 3f, 4f);
        assertThat(back.dimension()).isEqualTo(2);
        assertThat(back.meanConfidence()).isCloseTo(0.75, org.assertj.core.api.Assertions.within(1e-6));

        PendingRecord record = new PendingRecord("x", new float[] {1f, 2f}, "label", 42L);
        TrainingMessage.Sample sample = (TrainingMessage.Sample) TrainingMessageSerde.decode(
                TrainingMessageSerde.encode(new TrainingMessage.Sample(record)));
        assertThat(sample.record().id()).isEqualTo("x");
        assertThat(sample.record().label()).isEqualTo("label");
        assertThat(sample.record().timestamp()).isEqualTo(42L);
        assertThat(sample.record().features()).containsExactly(1f, 2f);
    }
}
