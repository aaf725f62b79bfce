package io.kluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClusterIdMatcherTest {

    private static final long VERSION = 2;

    private static ClusterIdMatcher.Match match(int[] oldIds, int[] oldAssignments, int[] newAssignments, int newK) {
        return ClusterIdMatcher.match(oldIds, oldAssignments, newAssignments, newK, ClusterLineage.of(oldIds), VERSION);
    }

    private static ClusterEvent event(ClusterEvent.Kind kind, int[] ids, long[] sizes) {
        return new ClusterEvent(VERSION, kind, ids, sizes);
    }

    @Test
    void aPermutationOfLabelsIsUndoneExactly() {
        // The new model calls old centroid j new centroid sigma[j], sigma = (2, 0, 1), so new 2
        // inherits oldIds[0] = 4, new 0 inherits oldIds[1] = 7 and new 1 inherits oldIds[2] = 9.
        int[] oldIds = {4, 7, 9};
        int[] sigma = {2, 0, 1};
        int[] oldAssignments = {0, 1, 2, 0, 0, 1, 2, 2, 2, 1};
        int[] newAssignments = new int[oldAssignments.length];
        for (int i = 0; i < oldAssignments.length; i++) {
            newAssignments[i] = sigma[oldAssignments[i]];
        }

        ClusterIdMatcher.Match match = match(oldIds, oldAssignments, newAssignments, 3);
        int[] newIds = match.ids();

        assertThat(newIds).containsExactly(7, 9, 4);
        assertThat(match.events(VERSION)).isEmpty();
        assertThat(ClusterIdMatcher.agreement(oldIds, oldAssignments, newIds, newAssignments)).isEqualTo(1.0);
    }

    @Test
    void relabellingFivePercentOfTheRecordsStillAgreesOnAtLeastNinetyFivePercent() {
        // 100 of 2000 records get a random new label; the other 1900 follow the permutation, which
        // is still the best match, so at most those 100 disagree.
        SplittableRandom random = new SplittableRandom(17);
        int k = 5;
        int n = 2000;
        int[] oldIds = {0, 1, 2, 3, 4};
        int[] sigma = {3, 0, 4, 1, 2};
        int[] oldAssignments = new int[n];
        int[] newAssignments = new int[n];
        for (int i = 0; i < n; i++) {
            oldAssignments[i] = random.nextInt(k);
            newAssignments[i] = i % 20 == 0 ? random.nextInt(k) : sigma[oldAssignments[i]];
        }

        ClusterIdMatcher.Match match = match(oldIds, oldAssignments, newAssignments, k);
        int[] newIds = match.ids();

        assertThat(match.events(VERSION)).isEmpty();
        for (int j = 0; j < k; j++) {
            assertThat(newIds[sigma[j]]).isEqualTo(oldIds[j]);
        }
        assertThat(ClusterIdMatcher.agreement(oldIds, oldAssignments, newIds, newAssignments))
                .isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void aClusterThatSplitsKeepsItsIdOnTheLargerPartAndTheOtherPartTakesANewId() {
        // Old 1's five records go 3 to new 0 and 2 to new 2; new 1 continues old 0. New 0 keeps id 1,
        // new 2 split from it and takes the next id never used, 2.
        int[] oldIds = {0, 1};
        int[] oldAssignments = {0, 0, 1, 1, 1, 1, 1};
        int[] newAssignments = {1, 1, 0, 0, 0, 2, 2};

        ClusterIdMatcher.Match match = match(oldIds, oldAssignments, newAssignments, 3);

        assertThat(match.ids()).containsExactly(1, 0, 2);
        assertThat(match.events(VERSION)).containsExactly(
                event(ClusterEvent.Kind.SPLIT, new int[] {1, 2}, new long[] {3, 2}));
        assertThat(match.lineage().nextId()).isEqualTo(3);
    }

    @Test
    void aPartThatAnotherClusterContinuesIsNotSplitFromTheFirst() {
        // Old 0 (id 10) sends 5 records to new 0, 3 to new 1 and 2 to new 2; old 1 (id 11) sends its 4
        // to new 0. The best pairing is old 0 - new 1 and old 1 - new 0 (3 + 4 = 7 against 5), so new 0
        // continues id 11, not a part of id 10; only new 2 split from id 10, whose larger part, new 1,
        // keeps the id.
        int[] oldIds = {10, 11};
        int[] oldAssignments = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0};
        int[] newAssignments = {0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 2, 2};

        ClusterIdMatcher.Match match = match(oldIds, oldAssignments, newAssignments, 3);

        assertThat(match.ids()).containsExactly(11, 10, 12);
        assertThat(match.events(VERSION)).containsExactly(
                event(ClusterEvent.Kind.SPLIT, new int[] {10, 12}, new long[] {3, 2}));
    }

    @Test
    void clustersThatMergeKeepTheIdOfTheOneThatGaveTheMostRecords() {
        // Old 1 (one record) and old 2 (three) both go to new 1, which keeps id 2; id 1 merged into it.
        int[] oldIds = {0, 1, 2};
        int[] oldAssignments = {0, 0, 1, 2, 2, 2};
        int[] newAssignments = {0, 0, 1, 1, 1, 1};

        ClusterIdMatcher.Match match = match(oldIds, oldAssignments, newAssignments, 2);

        assertThat(match.ids()).containsExactly(0, 2);
        assertThat(match.events(VERSION)).containsExactly(
                event(ClusterEvent.Kind.MERGED, new int[] {2, 1}, new long[] {3, 1}));
    }

    @Test
    void aClusterWithNoRecordsOfAnOldOneIsCreatedWithAnIdNeverUsed() {
        // Ids 5 and 7 continue; the new cluster without records takes 8, above every id ever used.
        int[] oldIds = {5, 7};
        int[] oldAssignments = {0, 0, 1, 1};
        int[] newAssignments = {0, 0, 0, 1};

        ClusterIdMatcher.Match match = match(oldIds, oldAssignments, newAssignments, 3);

        assertThat(match.ids()).containsExactly(5, 7, 8);
        assertThat(match.events(VERSION)).containsExactly(
                event(ClusterEvent.Kind.CREATED, new int[] {8}, new long[] {0}));
    }

    @Test
    void aRetiredIdIsNeverGivenToALaterCluster() {
        // Retrain 1: old id 1 holds no buffered record and is retired. Retrain 2: a third cluster
        // appears; it takes 3, not the freed 1.
        int[] oldAssignments = {0, 0, 2, 2};
        ClusterIdMatcher.Match first = ClusterIdMatcher.match(new int[] {0, 1, 2}, oldAssignments,
                new int[] {0, 0, 1, 1}, 2, ClusterLineage.of(new int[] {0, 1, 2}), 2);
        assertThat(first.ids()).containsExactly(0, 2);
        assertThat(first.events(2)).containsExactly(
                new ClusterEvent(2, ClusterEvent.Kind.RETIRED, new int[] {1}, new long[] {0}));

        ClusterIdMatcher.Match second = ClusterIdMatcher.match(first.ids(), new int[] {0, 0, 1, 1},
                new int[] {0, 0, 1, 1}, 3, first.lineage(), 3);

        assertThat(second.ids()).containsExactly(0, 2, 3);
        assertThat(second.lineage().history()).containsExactly(
                new ClusterEvent(2, ClusterEvent.Kind.RETIRED, new int[] {1}, new long[] {0}),
                new ClusterEvent(3, ClusterEvent.Kind.CREATED, new int[] {3}, new long[] {0}));
    }

    @Test
    void anEmptyBufferRetiresEveryOldClusterAndCreatesEveryNewOne() {
        int[] empty = {};

        ClusterIdMatcher.Match match = match(new int[] {3, 1}, empty, empty, 3);

        assertThat(match.ids()).containsExactly(4, 5, 6);
        assertThat(match.events(VERSION)).extracting(ClusterEvent::kind).containsExactly(ClusterEvent.Kind.CREATED,
                ClusterEvent.Kind.CREATED, ClusterEvent.Kind.CREATED, ClusterEvent.Kind.RETIRED,
                ClusterEvent.Kind.RETIRED);
        assertThat(ClusterIdMatcher.agreement(new int[] {3, 1}, empty, match.ids(), empty)).isEqualTo(1.0);
    }

    @Test
    void idsAreAlwaysDistinctAndNonNegative() {
        SplittableRandom random = new SplittableRandom(23);
        for (int trial = 0; trial < 300; trial++) {
            int oldK = 1 + random.nextInt(6);
            int newK = 1 + random.nextInt(7);
            int[] oldIds = random.ints(0, 20).distinct().limit(oldK).toArray();
            int n = random.nextInt(40);
            int[] oldAssignments = random.ints(n, 0, oldK).toArray();
            int[] newAssignments = random.ints(n, 0, newK).toArray();

            ClusterLineage lineage = ClusterLineage.of(oldIds);
            ClusterIdMatcher.Match match = ClusterIdMatcher.match(oldIds, oldAssignments, newAssignments, newK, lineage,
                    VERSION);
            int[] newIds = match.ids();

            assertThat(newIds).hasSize(newK);
            assertThat(Arrays.stream(newIds).distinct().count()).isEqualTo(newK);
            assertThat(Arrays.stream(newIds).allMatch(id -> id >= 0)).isTrue();
            // An id is an old one that continues, or one never used before.
            Set<Integer> old = Arrays.stream(oldIds).boxed().collect(Collectors.toSet());
            assertThat(Arrays.stream(newIds).allMatch(id -> old.contains(id) || id >= lineage.nextId())).isTrue();
            assertThat(Arrays.stream(newIds).allMatch(id -> id < match.lineage().nextId())).isTrue();
            // Every old id that is not published again is accounted for by a merge or a retirement.
            Set<Integer> published = Arrays.stream(newIds).boxed().collect(Collectors.toSet());
            Set<Integer> gone = new HashSet<>();
            for (ClusterEvent e : match.events(VERSION)) {
                if (e.kind() == ClusterEvent.Kind.RETIRED) {
                    gone.add(e.ids()[0]);
                } else if (e.kind() == ClusterEvent.Kind.MERGED) {
                    assertThat(published).contains(e.ids()[0]);
                    Arrays.stream(e.ids()).skip(1).forEach(gone::add);
                }
            }
            for (int id : oldIds) {
                assertThat(published.contains(id) || gone.contains(id)).as("old id %d", id).isTrue();
            }
        }
    }

    @Test
    void agreementCountsRecordsPublishedUnderTheSameId() {
        // Published ids: old 3, 3, 5, 5; new 3, 5, 5, 8. Records 0 and 2 agree: 2 / 4 = 0.5.
        int[] oldIds = {3, 5};
        int[] newIds = {5, 3, 8};

        double agreement = ClusterIdMatcher.agreement(oldIds, new int[] {0, 0, 1, 1}, newIds, new int[] {1, 0, 0, 2});

        assertThat(agreement).isEqualTo(0.5);
    }

    @Test
    void rejectsInvalidArguments() {
        int[] ids = {0, 1};
        assertThatThrownBy(() -> ClusterIdMatcher.match(ids, new int[] {0, 1}, new int[] {0}, 2, ClusterLineage.of(ids), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("oldAssignments has 2 records but newAssignments has 1");
        assertThatThrownBy(() -> ClusterIdMatcher.match(ids, new int[] {0, 2}, new int[] {0, 1}, 2, ClusterLineage.of(ids), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("oldAssignments[1] must be in [0, 2), got 2");
        assertThatThrownBy(() -> ClusterIdMatcher.match(ids, new int[] {0, 1}, new int[] {-1, 1}, 2, ClusterLineage.of(ids), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("newAssignments[0] must be in [0, 2), got -1");
        assertThatThrownBy(() -> ClusterIdMatcher.match(ids, new int[] {0}, new int[] {0}, 0, ClusterLineage.of(ids), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("newK must be at least 1, got 0");
        assertThatThrownBy(() -> match(new int[] {2, 2}, new int[] {0}, new int[] {0}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("oldIds must be distinct, but 2 repeats");
        assertThatThrownBy(() -> ClusterIdMatcher.match(new int[] {-3}, new int[] {0}, new int[] {0}, 1, ClusterLineage.of(new int[] {0}), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("oldIds[0] must be non-negative, got -3");
        assertThatThrownBy(() -> ClusterIdMatcher.match(new int[] {}, new int[] {}, new int[] {}, 1, ClusterLineage.of(new int[] {0}), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("oldIds must have at least one id");
        assertThatThrownBy(() -> ClusterIdMatcher.agreement(ids, new int[] {0}, ids, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("oldAssignments and newAssignments must not be null");
        assertThatThrownBy(() -> ClusterIdMatcher.agreement(ids, new int[] {0}, ids, new int[] {5}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("newAssignments[0] must be in [0, 2), got 5");
    }
}
