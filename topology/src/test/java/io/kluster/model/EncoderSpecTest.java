package io.kluster.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class EncoderSpecTest {

    @Test
    void theLastWidthIsTheEmbeddingDimension() {
        EncoderSpec spec = EncoderSpec.of(784, "500, 500,2000,10");

        assertThat(spec.hiddenWidths()).isEqualTo(List.of(500, 500, 2000));
        assertThat(spec.embeddingDimension()).isEqualTo(10);
        assertThat(spec.widths()).isEqualTo("500,500,2000,10");
        assertThat(spec).hasToString("784-500-500-2000-10");
    }

    @Test
    void aSingleWidthIsALinearEncoder() {
        assertThat(EncoderSpec.of(3, "2").hiddenWidths()).isEmpty();
    }

    @Test
    void nonNumericOrNonPositiveWidthsAreRejected() {
        assertThatThrownBy(() -> EncoderSpec.of(3, "10,x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("comma-separated integers");
        assertThatThrownBy(() -> EncoderSpec.of(3, "10,0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EncoderSpec.of(0, "10")).isInstanceOf(IllegalArgumentException.class);
    }
}
