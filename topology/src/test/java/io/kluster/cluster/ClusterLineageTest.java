package io.kluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterLineageTest {

    @Test
    void aFirstModelCreatesEachOfItsClusters() {
        ClusterLineage lineage = ClusterLineage.created(new int[] {0, 1, 2}, new long[] {5, 3, 2}, 1);

        assertThat(lineage.nextId()).isEqualTo(3);
        assertThat(lineage.eventsOf(1)).containsExactly(
                new ClusterEvent(1, ClusterEvent.Kind.CREATED, new int[] {0}, new long[] {5}),
                new ClusterEvent(1, ClusterEvent.Kind.CREATED, new int[] {1}, new long[] {3}),
                new ClusterEvent(1, ClusterEvent.Kind.CREATED, new int[] {2}, new long[] {2}));
        assertThat(lineage.eventsOf(2)).isEmpty();
    }

    @Test
    void aModelWithoutARecordedPastStartsAboveItsLargestId() {
        assertThat(ClusterLineage.of(new int[] {4, 9, 2}).nextId()).isEqualTo(10);
        assertThat(ClusterLineage.of(new int[] {4, 9, 2}).history()).isEmpty();
    }

    @Test
    void aModelPublishedUnderALaterVersionRestampsItsOwnChangesOnly() {
        ClusterEvent old = new ClusterEvent(3, ClusterEvent.Kind.RETIRED, new int[] {1}, new long[] {0});
        ClusterEvent mine = new ClusterEvent(4, ClusterEvent.Kind.CREATED, new int[] {5}, new long[] {7});
        ClusterLineage lineage = new ClusterLineage(6, List.of(old, mine));

        ClusterLineage restamped = lineage.restamped(4, 9);

        assertThat(restamped.history()).containsExactly(old, mine.atVersion(9));
        assertThat(restamped.nextId()).isEqualTo(6);
    }

    @Test
    void theNextIdNeverGoesBackAndTheHistoryKeepsTheLatestEvents() {
        ClusterLineage lineage = ClusterLineage.of(new int[] {0, 1});
        assertThatThrownBy(() -> lineage.then(List.of(), 1)).isInstanceOf(IllegalArgumentException.class);
        List<ClusterEvent> many = new ArrayList<>();
        for (int v = 1; v <= ClusterLineage.MAX_HISTORY + 5; v++) {
            many.add(new ClusterEvent(v, ClusterEvent.Kind.CREATED, new int[] {v}, new long[] {1}));
        }

        ClusterLineage long_ = lineage.then(many, ClusterLineage.MAX_HISTORY + 6);

        assertThat(long_.history()).hasSize(ClusterLineage.MAX_HISTORY);
        assertThat(long_.history().get(0).version()).isEqualTo(6);
    }

    @Test
    void eventsHaveTheShapeTheirKindNeeds() {
        assertThatThrownBy(() -> new ClusterEvent(1, ClusterEvent.Kind.SPLIT, new int[] {1}, new long[] {2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("split needs two ids or more");
        assertThatThrownBy(() -> new ClusterEvent(1, ClusterEvent.Kind.RETIRED, new int[] {1, 2}, new long[] {2, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retired needs one id");
        assertThatThrownBy(() -> new ClusterEvent(1, ClusterEvent.Kind.CREATED, new int[] {1}, new long[] {}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ClusterEvent.Kind.parse("merged")).isEqualTo(ClusterEvent.Kind.MERGED);
        assertThat(ClusterEvent.Kind.MERGED.id()).isEqualTo("merged");
    }
}
