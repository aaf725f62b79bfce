package io.kluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabelIndexTest {

    @Test
    void numbersLabelsInOrderOfFirstAppearance() {
        LabelIndex index = new LabelIndex();

        assertThat(index.indexOf("seven")).isZero();
        assertThat(index.indexOf("two")).isEqualTo(1);
        assertThat(index.indexOf("seven")).isZero();
        assertThat(index.indexOf("nine")).isEqualTo(2);
        assertThat(index.size()).isEqualTo(3);
        assertThat(index.labelOf(1)).isEqualTo("two");
    }

    @Test
    void encodesAnArrayDensely() {
        assertThat(LabelIndex.encode(new String[] {"b", "a", "b", "c", "a"})).containsExactly(0, 1, 0, 2, 1);
        assertThat(LabelIndex.encode(new String[0])).isEmpty();
    }

    @Test
    void startsEmpty() {
        assertThat(new LabelIndex().size()).isZero();
    }

    @Test
    void rejectsNullLabelsAndUnknownIndices() {
        assertThatThrownBy(() -> new LabelIndex().indexOf(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LabelIndex.encode(new String[] {"a", null}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("labels[1]");
        assertThatThrownBy(() -> new LabelIndex().labelOf(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
