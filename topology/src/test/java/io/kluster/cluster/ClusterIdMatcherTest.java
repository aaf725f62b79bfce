package io.kluster.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ClusterIdMatcherTest {

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

        int[] newIds = ClusterIdMatcher.matchIds(oldIds, oldAssignments, newAssignments, 3);

        assertThat(newIds).containsExactly(7, 9, 4);
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

        int[] newIds = ClusterIdMatcher.matchIds(oldIds, oldAssignments, newAssignments, k);

        for (int j = 0; j < k; j++) {
            assertThat(newIds[sigma[j]]).isEqualTo(oldIds[j]);
        }
        assertThat(ClusterIdMatcher.agreement(oldIds, oldAssignments, newIds, newAssignments))
                .isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void anExtraNewClusterTakesAFreshId() {
        // Overlaps: new 0 has 3 records of old 1, new 1 has 2 of old 0, new 2 has 2 of old 1. The
        // best match pairs new 1 with old 0 and new 0 with old 1 (2 + 3 = 5); new 2 gets id 2.
        int[] oldIds = {0, 1};
        int[] oldAssignments = {0, 0, 1, 1, 1, 1, 1};
        int[] newAssignments = {1, 1, 0, 0, 0, 2, 2};

        assertThat(ClusterIdMatcher.matchIds(oldIds, oldAssignments, newAssignments, 3)).containsExactly(1, 0, 2);
    }

    @Test
    void aFreedIdIsReusedBeforeAFreshOne() {
        // New 1 absorbs old 1 and old 2 and inherits id 2 (3 records beat 1); new 2 holds no record,
        // so it matches nothing and takes the freed id 1 rather than the fresh id 3.
        int[] oldIds = {0, 1, 2};
        int[] oldAssignments = {0, 0, 1, 2, 2, 2};
        int[] newAssignments = {0, 0, 1, 1, 1, 1};

        assertThat(ClusterIdMatcher.matchIds(oldIds, oldAssignments, newAssignments, 3)).containsExactly(0, 2, 1);
    }

    @Test
    void anUnmatchedClusterTakesTheSmallestIdNotInUse() {
        // Ids 5 and 7 are inherited, so the new cluster without records takes 0, the smallest free id.
        int[] oldIds = {5, 7};
        int[] oldAssignments = {0, 0, 1, 1};
        int[] newAssignments = {0, 0, 0, 1};

        assertThat(ClusterIdMatcher.matchIds(oldIds, oldAssignments, newAssignments, 3)).containsExactly(5, 7, 0);
    }

    @Test
    void fewerNewClustersLeaveSomeOldIdsUnused() {
        // New 1 shares 3 records with old 2 and 1 with old 1, so it inherits 2 and id 1 goes unused.
        int[] oldIds = {0, 1, 2};
        int[] oldAssignments = {0, 0, 1, 2, 2, 2};
        int[] newAssignments = {0, 0, 1, 1, 1, 1};

        assertThat(ClusterIdMatcher.matchIds(oldIds, oldAssignments, newAssignments, 2)).containsExactly(0, 2);
    }

    @Test
    void anEmptyBufferMatchesNothingAndAgreesVacuously() {
        int[] empty = {};

        int[] newIds = ClusterIdMatcher.matchIds(new int[] {3, 1}, empty, empty, 3);

        assertThat(newIds).containsExactly(0, 1, 2);
        assertThat(ClusterIdMatcher.agreement(new int[] {3, 1}, empty, newIds, empty)).isEqualTo(1.0);
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

            int[] newIds = ClusterIdMatcher.matchIds(oldIds, oldAssignments, newAssignments, newK);

            assertThat(newIds).hasSize(newK);
            assertThat(Arrays.stream(newIds).distinct().count()).isEqualTo(newK);
            assertThat(Arrays.stream(newIds).allMatch(id -> id >= 0)).isTrue();
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
        assertThatThrownBy(() -> ClusterIdMatcher.matchIds(ids, new int[] {0, 1}, new int[] {0}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("oldAssignments has 2 records but newAssignments has 1");
        assertThatThrownBy(() -> ClusterIdMatcher.matchIds(ids, new int[] {0, 2}, new int[] {0, 1}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("oldAssignments[1] must be in [0, 2), got 2");
        assertThatThrownBy(() -> ClusterIdMatcher.matchIds(ids, new int[] {0, 1}, new int[] {-1, 1}, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("newAssignments[0] must be in [0, 2), got -1");
        assertThatThrownBy(() -> ClusterIdMatcher.matchIds(ids, new int[] {0}, new int[] {0}, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("newK must be at least 1, got 0");
        assertThatThrownBy(() -> ClusterIdMatcher.matchIds(new int[] {2, 2}, new int[] {0}, new int[] {0}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("oldIds must be distinct, but 2 repeats");
        assertThatThrownBy(() -> ClusterIdMatcher.matchIds(new int[] {-3}, new int[] {0}, new int[] {0}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("oldIds[0] must be non-negative, got -3");
        assertThatThrownBy(() -> ClusterIdMatcher.matchIds(new int[] {}, new int[] {}, new int[] {}, 1))
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
