package io.kluster.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusteringMethodTest {

    @Test
    void parsesIdsIgnoringCase() {
        assertThat(ClusteringMethod.parse("dec")).isEqualTo(ClusteringMethod.DEC);
        assertThat(ClusteringMethod.parse("DeepCluster")).isEqualTo(ClusteringMethod.DEEPCLUSTER);
        assertThat(ClusteringMethod.parse("AE-KMEANS")).isEqualTo(ClusteringMethod.AE_KMEANS);
        for (ClusteringMethod method : ClusteringMethod.values()) {
            assertThat(ClusteringMethod.parse(method.id())).isEqualTo(method);
        }
    }

    @Test
    void anUnknownIdListsTheValidOnes() {
        assertThatThrownBy(() -> ClusteringMethod.parse("kmeans"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'kmeans'")
                .hasMessageContaining("ae-kmeans, dec, idec, dcn, deepcluster, damic, n2d");
    }
}
