package io.kluster.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Specification of the {@link FeatureRecord} value type. */
class FeatureRecordTest {

    @Test
    void requiresAnIdAndFeatures() {
        assertThatThrownBy(() -> new FeatureRecord(null, new float[] {1f}, null))
            .isInstanceOf(NullPointerException.class).hasMessage("id");
        assertThatThrownBy(() -> new FeatureRecord("a", null, null))
            .isInstanceOf(NullPointerException.class).hasMessage("features");
    }

    @Test
    void allowsANullLabel() {
        assertThat(new FeatureRecord("a", new float[] {1f}).label()).isNull();
    }

    @Test
    void comparesFeaturesByContent() {
        FeatureRecord a = new FeatureRecord("a", new float[] {1f, 2f}, "3");
        FeatureRecord b = new FeatureRecord("a", new float[] {1f, 2f}, "3");

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new FeatureRecord("a", new float[] {1f, 2.5f}, "3"));
        assertThat(a.toString()).contains("[1.0, 2.0]");
    }
}
