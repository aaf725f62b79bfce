package io.kluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RowSampleTest {

    @Test
    void drawsDistinctIndicesOfTheRangeTheSameWayForTheSameSeed() {
        int[] drawn = RowSample.indices(50, 20, new SplittableRandom(3));

        assertThat(drawn).hasSize(20).doesNotHaveDuplicates();
        assertThat(Arrays.stream(drawn).allMatch(i -> i >= 0 && i < 50)).as("within the range").isTrue();
        assertThat(RowSample.indices(50, 20, new SplittableRandom(3))).isEqualTo(drawn);
        assertThat(RowSample.indices(50, 20, new SplittableRandom(4))).isNotEqualTo(drawn);
        assertThat(RowSample.indices(5, 5, new SplittableRandom(3))).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
    }

    @Test
    void everyRowIsAsLikelyToBeDrawn() {
        int[] counts = new int[10];
        SplittableRandom random = new SplittableRandom(9);
        for (int draw = 0; draw < 20_000; draw++) {
            for (int i : RowSample.indices(10, 3, random)) {
                counts[i]++;
            }
        }
        // Each row is in 3 of 10 draws: 6,000 of 60,000 picks, with a standard deviation of about 65.
        assertThat(Arrays.stream(counts).min().orElseThrow()).isGreaterThan(5_700);
        assertThat(Arrays.stream(counts).max().orElseThrow()).isLessThan(6_300);
    }

    @Test
    void picksTheRowsAtTheIndicesInTheirOrderAndRefusesToDrawMoreThanThereAre() {
        float[][] rows = {{0}, {1}, {2}, {3}};

        float[][] picked = RowSample.rows(rows, new int[] {3, 1});

        assertThat(picked.length).isEqualTo(2);
        assertThat(picked[0]).isSameAs(rows[3]);
        assertThat(picked[1]).isSameAs(rows[1]);
        assertThatThrownBy(() -> RowSample.indices(4, 5, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 of 4");
    }
}
