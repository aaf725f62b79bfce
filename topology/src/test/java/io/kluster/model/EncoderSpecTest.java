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

    @Test
    void aSphericalSpecProjectsEveryRowToLengthRootEKeepingItsDirection() {
        EncoderSpec spec = EncoderSpec.of(5, "4").withSpherical(true);
        float[] rows = {3, 0, 0, 4, /* second row */ 0, -0.5f, 0, 0};

        spec.project(rows, 2);

        assertThat(rows).containsExactly(new float[] {1.2f, 0, 0, 1.6f, 0, -2, 0, 0}, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(spec.toString()).isEqualTo("5-4 (spherical)");
    }

    @Test
    void aPlainSpecLeavesEmbeddingsAloneAndAZeroRowStaysFinite() {
        float[] plain = {3, 0, 0, 4};
        EncoderSpec.of(5, "4").project(plain, 1);
        float[] zero = {0, 0, 0, 0};
        EncoderSpec.of(5, "4").withSpherical(true).project(zero, 1);

        assertThat(plain).containsExactly(3, 0, 0, 4);
        assertThat(zero).containsExactly(0, 0, 0, 0);
    }
}
