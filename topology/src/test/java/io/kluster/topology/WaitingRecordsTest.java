package io.kluster.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Specification of the waiting-record queue: bounded in memory, complete and in order on disk. */
class WaitingRecordsTest {

    private static final int CAP = 4;

    private KeyValueStore<Long, PendingRecord> store;

    @BeforeEach
    void openStore() {
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("waiting"), Serdes.Long(),
                new PendingRecordSerde()).withLoggingDisabled().withCachingDisabled().build();
        store.init(new MockProcessorContext<>().getStateStoreContext(), store);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    @Test
    void memoryHoldsAtMostTheCapWhileTheStoreHoldsEveryRecord() {
        WaitingRecords waiting = new WaitingRecords(store, CAP);
        for (int i = 0; i < 11; i++) {
            waiting.add(record(i));
        }

        assertThat(waiting.inMemory()).isEqualTo(CAP);
        assertThat(waiting.total()).isEqualTo(11);
        assertThat(store.approximateNumEntries()).isEqualTo(11);
        assertThat(ids(waiting)).containsExactly("r0", "r1", "r2", "r3");
    }

    @Test
    void drainingReadsTheDiskOnlyRecordsBackInArrivalOrderExactlyOnce() {
        WaitingRecords waiting = new WaitingRecords(store, CAP);
        for (int i = 0; i < 11; i++) {
            waiting.add(record(i));
        }
        List<String> drained = new ArrayList<>();
        // Interleave arrivals with draining, as a live task does.
        for (int round = 0; !waiting.isEmpty(); round++) {
            waiting.refill();
            assertThat(waiting.inMemory()).isLessThanOrEqualTo(CAP);
            for (int taken = 0; taken < 3 && waiting.inMemory() > 0; taken++) {
                KeyValue<Long, PendingRecord> entry = waiting.pollFirst();
                store.delete(entry.key);
                drained.add(entry.value.id());
            }
            if (round < 2) {
                waiting.add(record(11 + round));
            }
        }

        assertThat(drained).containsExactly("r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "r10", "r11",
                "r12");
        assertThat(waiting.total()).isZero();
        try (var left = store.all()) {
            assertThat(left.hasNext()).isFalse();
        }
    }

    @Test
    void aRestoredQueueContinuesWhereTheLastOneStoppedWithinTheCap() {
        WaitingRecords before = new WaitingRecords(store, CAP);
        for (int i = 0; i < 9; i++) {
            before.add(record(i));
        }
        for (int i = 0; i < 2; i++) {
            store.delete(before.pollFirst().key);
        }

        WaitingRecords after = new WaitingRecords(store, CAP);
        after.restore();
        assertThat(after.inMemory()).isEqualTo(CAP);
        assertThat(after.total()).isEqualTo(7);
        assertThat(ids(after)).containsExactly("r2", "r3", "r4", "r5");
        after.add(record(9));
        assertThat(store.get(9L).id()).as("new records continue the sequence").isEqualTo("r9");
        assertThat(after.total()).isEqualTo(8);
    }

    @Test
    void anEmptyStoreRestoresToAnEmptyQueue() {
        WaitingRecords waiting = new WaitingRecords(store, CAP);
        waiting.restore();
        waiting.refill();
        assertThat(waiting.isEmpty()).isTrue();
        assertThat(waiting.pollFirst()).isNull();
        waiting.add(record(0));
        assertThat(store.get(0L).id()).isEqualTo("r0");
    }

    private static PendingRecord record(int i) {
        return new PendingRecord("r" + i, new float[] {i, -i}, null, 1_000L + i);
    }

    private static List<String> ids(WaitingRecords waiting) {
        List<String> out = new ArrayList<>();
        waiting.forEach(entry -> out.add(entry.value.id()));
        return out;
    }
}
