package io.kluster.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CommitCadenceTest {

    private final CommitCadence cadence = new CommitCadence(Duration.ofMillis(100));

    @Test
    void aBatchOfLiveRecordsAsksForACommit() {
        assertThat(cadence.afterBatch(10_000, 9_950)).isTrue();
    }

    @Test
    void aRecordALittleLateIsStillLive() {
        assertThat(cadence.afterBatch(10_000, 9_000)).isTrue();
    }

    @Test
    void aBatchFromABacklogLeavesTheCommitToTheInterval() {
        assertThat(cadence.afterBatch(10_000, 8_999)).isFalse();
        assertThat(cadence.afterBatch(10_000, 0)).isFalse();
    }

    @Test
    void asksAtMostOncePerLatencyInterval() {
        assertThat(cadence.afterBatch(10_000, 10_000)).isTrue();
        assertThat(cadence.afterBatch(10_020, 10_020)).isFalse();
        assertThat(cadence.afterBatch(10_099, 10_099)).isFalse();
        assertThat(cadence.afterBatch(10_100, 10_100)).isTrue();
    }

    @Test
    void aBacklogBatchDoesNotCountAsARequest() {
        assertThat(cadence.afterBatch(10_000, 0)).isFalse();
        assertThat(cadence.afterBatch(10_010, 10_010)).isTrue();
    }

    @Test
    void zeroLatencyNeverAsks() {
        CommitCadence never = new CommitCadence(Duration.ZERO);
        assertThat(never.afterBatch(10_000, 10_000)).isFalse();
    }

    @Test
    void refusesANegativeLatency() {
        assertThatThrownBy(() -> new CommitCadence(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("commit latency");
    }
}
