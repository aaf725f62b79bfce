package io.kluster.topology;

import java.util.ArrayDeque;
import java.util.Iterator;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The valid records a task holds until they are assigned, in arrival order. Every one of them is
 * in the task's changelog-backed store, keyed by an increasing sequence number; only the oldest
 * {@code memoryCap} are also kept in memory, where batches are taken from.
 *
 * <p>Records keep arriving while no model exists yet, and a task cannot stop reading its input
 * partition, so without a cap the queue would grow the heap until it runs out. Beyond the cap a
 * record waits on disk only and is read back, in order, when the head of the queue has room:
 * memory stays bounded and no record is dropped or reordered. Reading back starts after the last
 * key already read, so it never walks over the deleted (tombstoned) head of the store.
 */
final class WaitingRecords implements Iterable<KeyValue<Long, PendingRecord>> {

    private final KeyValueStore<Long, PendingRecord> store;
    private final int memoryCap;
    private final ArrayDeque<KeyValue<Long, PendingRecord>> head = new ArrayDeque<>();
    /** The sequence number the next record gets. */
    private long nextSequence;
    /** The first sequence number that is in the store but not in memory; equals nextSequence when none is. */
    private long firstOnDiskOnly;

    WaitingRecords(KeyValueStore<Long, PendingRecord> store, int memoryCap) {
        if (memoryCap < 1) {
            throw new IllegalArgumentException("memory cap must be >= 1, got " + memoryCap);
        }
        this.store = store;
        this.memoryCap = memoryCap;
    }

    /** Picks up what the store holds after a restart or a restore from the changelog. */
    void restore() {
        head.clear();
        try (KeyValueIterator<Long, PendingRecord> newest = store.reverseAll()) {
            nextSequence = newest.hasNext() ? newest.next().key + 1 : 0;
        }
        firstOnDiskOnly = 0;
        refill();
    }

    /** Appends a record: to the store always, and to memory while it is under the cap and nothing waits on disk only. */
    void add(PendingRecord record) {
        long sequence = nextSequence++;
        store.put(sequence, record);
        if (firstOnDiskOnly == sequence && head.size() < memoryCap) {
            head.addLast(KeyValue.pair(sequence, record));
            firstOnDiskOnly = nextSequence;
        }
    }

    /** Reads records that wait on disk only back into memory, oldest first, up to the cap. */
    void refill() {
        if (firstOnDiskOnly >= nextSequence || head.size() >= memoryCap) {
            return;
        }
        long next = nextSequence;
        try (KeyValueIterator<Long, PendingRecord> rest = store.range(firstOnDiskOnly, nextSequence - 1)) {
            while (rest.hasNext()) {
                KeyValue<Long, PendingRecord> entry = rest.next();
                if (head.size() >= memoryCap) {
                    next = entry.key;
                    break;
                }
                head.addLast(entry);
            }
        }
        firstOnDiskOnly = next;
    }

    /**
     * Takes the oldest record out of memory, or returns null when memory holds none. It stays in
     * the store: the caller deletes it there when its assignment is forwarded, so both commit together.
     */
    KeyValue<Long, PendingRecord> pollFirst() {
        return head.pollFirst();
    }

    /** Records in memory, ready for a batch. */
    int inMemory() {
        return head.size();
    }

    /** All records waiting, in memory or on disk only. */
    long total() {
        return head.size() + (nextSequence - firstOnDiskOnly);
    }

    /** True when no record waits at all. */
    boolean isEmpty() {
        return head.isEmpty() && firstOnDiskOnly >= nextSequence;
    }

    /** The records in memory, oldest first. */
    @Override
    public Iterator<KeyValue<Long, PendingRecord>> iterator() {
        return head.iterator();
    }
}
