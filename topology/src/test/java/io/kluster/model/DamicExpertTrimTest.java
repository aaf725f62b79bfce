package io.kluster.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The trimmed fit of DAMIC's expert rounds: each expert skips the records of its cluster it fits worst. */
class DamicExpertTrimTest {

    @Test
    void eachClusterDropsItsWorstFittedShareAndKeepsTheRest() {
        // Cluster 0 holds five records, cluster 1 five: 20 % of each is one record, its worst fitted.
        int[] partition = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
        float[] fit = {0.1f, 0.9f, 0.2f, 0.3f, 0.4f, 5f, 1f, 2f, 3f, 4f};

        int[] trained = DamicObjective.trimmed(partition, fit, 2);

        assertThat(trained).containsExactly(0, -1, 0, 0, 0, -1, 1, 1, 1, 1);
        assertThat(partition).as("the partition itself is left as it was").containsExactly(0, 0, 0, 0, 0, 1, 1, 1, 1, 1);
    }

    @Test
    void aClusterOfOneRecordKeepsItAndAnEmptyClusterIsSkipped() {
        int[] partition = {2, 0, 0, 0, 0, 0};
        float[] fit = {7f, 1f, 2f, 3f, 4f, 5f};

        int[] trained = DamicObjective.trimmed(partition, fit, 3);

        assertThat(trained).containsExactly(2, 0, 0, 0, 0, -1);
    }
}
