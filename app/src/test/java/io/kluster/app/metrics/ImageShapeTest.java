package io.kluster.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ImageShapeTest {

    @Test
    void autoDrawsSquareDimensionsAsSquareImages() {
        assertThat(ImageShape.resolve("auto", 784)).isEqualTo(new ImageShape(28, 28));
        assertThat(ImageShape.resolve("AUTO", 16)).isEqualTo(new ImageShape(4, 4));
        assertThat(ImageShape.resolve("auto", 785)).isNull();
        assertThat(ImageShape.resolve("auto", 9)).as("too small to be an image").isNull();
    }

    @Test
    void anExplicitShapeMustHoldTheRecord() {
        assertThat(ImageShape.resolve("32x24", 768)).isEqualTo(new ImageShape(32, 24));
        assertThatThrownBy(() -> ImageShape.resolve("32x32", 784)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1024 pixels").hasMessageContaining("784 features");
        assertThatThrownBy(() -> ImageShape.resolve("thirty", 784)).isInstanceOf(IllegalArgumentException.class);
        assertThat(ImageShape.resolve("none", 784)).isNull();
    }

    @Test
    void validatesSettings() {
        assertThat(ImageShape.isValidSetting("28x28")).isTrue();
        assertThat(ImageShape.isValidSetting("none")).isTrue();
        assertThat(ImageShape.isValidSetting("0x28")).isFalse();
        assertThat(ImageShape.isValidSetting("28*28")).isFalse();
    }

    @Test
    void stretchesAnyValueRangeToFullGrayLevels() {
        ImageShape shape = new ImageShape(2, 2);

        assertThat(shape.grayLevels(new float[] {-1f, 0f, 1f, 0.5f}))
                .containsExactly((byte) 0, (byte) 128, (byte) 255, (byte) 191);
        assertThat(shape.grayLevels(new float[] {3f, 3f, 3f, 3f})).as("a flat record is black")
                .containsExactly(0, 0, 0, 0);
    }
}
