package io.kluster.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Specification of the in-memory {@link Dataset}. */
class DatasetTest {

    private final Dataset labelled = new Dataset(
        new String[] {"a", "b", "c"},
        new float[][] {{1f, 2f}, {3f, 4f}, {5f, 6f}},
        new String[] {"x", null, "z"});

    @Test
    void reportsSizeDimensionAndLabels() {
        assertThat(labelled.size()).isEqualTo(3);
        assertThat(labelled.dimension()).isEqualTo(2);
        assertThat(labelled.hasLabels()).isTrue();
        assertThat(new Dataset(new String[0], new float[0][], null).dimension()).isZero();
    }

    @Test
    void limitKeepsTheFirstRows() {
        Dataset first = labelled.limit(2);

        assertThat(first.ids()).containsExactly("a", "b");
        assertThat(first.features()).hasDimensions(2, 2);
        assertThat(first.labels()).containsExactly("x", null);
        assertThat(labelled.limit(10)).isSameAs(labelled);
        assertThat(labelled.limit(0).size()).isZero();
    }

    @Test
    void limitRejectsNegativeCounts() {
        assertThatThrownBy(() -> labelled.limit(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void recordExposesOneRow() {
        assertThat(labelled.record(2)).isEqualTo(new FeatureRecord("c", new float[] {5f, 6f}, "z"));
    }

    @Test
    void rejectsMismatchedArrays() {
        assertThatThrownBy(() -> new Dataset(new String[] {"a"}, new float[][] {{1f}, {2f}}, null))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("got 1 ids for 2 feature vectors");
        assertThatThrownBy(() -> new Dataset(new String[] {"a"}, new float[][] {{1f}}, new String[2]))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("got 2 labels for 1 feature vectors");
        assertThatThrownBy(() -> new Dataset(new String[] {"a", "b"}, new float[][] {{1f}, {2f, 3f}}, null))
            .isInstanceOf(IllegalArgumentException.class).hasMessage("row 1 has 2 features but row 0 has 1");
    }

    @Test
    void unlabelledDatasetHasNoLabels() {
        assertThat(new Dataset(new String[] {"a"}, new float[][] {{1f}}, null).hasLabels()).isFalse();
    }
}
