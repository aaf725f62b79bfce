package io.kluster.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FeatureScalerTest {

    @Test
    void standardScalingCentresAndScalesEachFeature() {
        float[][] data = {{1f, 10f}, {3f, 10f}, {5f, 10f}};
        FeatureScaler scaler = FeatureScaler.fit(data, FeatureScaler.Mode.STANDARD);

        float[] out = new float[2];
        scaler.apply(new float[] {5f, 10f}, out, 0);
        // mean 3, population std sqrt(8/3); the constant feature keeps scale 1.
        assertThat(out[0]).isCloseTo((float) (2 / Math.sqrt(8.0 / 3)), within(1e-6f));
        assertThat(out[1]).isEqualTo(0f);
    }

    @Test
    void autoLeavesUnitIntervalDataAlone() {
        float[][] pixels = {{0f, 0.5f}, {1f, 0.25f}};
        assertThat(FeatureScaler.fit(pixels, FeatureScaler.Mode.AUTO).isIdentity()).isTrue();
    }

    @Test
    void autoStandardisesOtherData() {
        float[][] data = {{0f, 50f}, {1f, 150f}};
        assertThat(FeatureScaler.fit(data, FeatureScaler.Mode.AUTO).isIdentity()).isFalse();
    }
}
