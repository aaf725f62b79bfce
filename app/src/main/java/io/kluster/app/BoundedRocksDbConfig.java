package io.kluster.app;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Caps the off-heap memory of every RocksDB store of this JVM together, the recipe of Kafka
 * Streams' memory-management guide: one block cache shared by all stores, with memtables, index
 * and filter blocks charged to it.
 *
 * <p>By default each store gets a 50 MB block cache and up to three 16 MB memtables of its own.
 * Kluster has a waiting-record store per input partition plus the trainer's two stores, and a
 * backlog writes hundreds of MB through them, so the default can hold a few hundred MB off-heap,
 * outside {@code -Xmx}, and more with every partition. Set {@code rocksdb.config.setter} to
 * another class to change it.
 */
public final class BoundedRocksDbConfig implements RocksDBConfigSetter {

    /** Block cache shared by every store, memtables included. */
    public static final long TOTAL_BYTES = 64L * 1024 * 1024;
    /** The part of the cache that memtables may take. */
    public static final long MEMTABLE_BYTES = 16L * 1024 * 1024;
    /** Size of one memtable. */
    private static final long WRITE_BUFFER_BYTES = 4L * 1024 * 1024;
    /** The part of the cache kept for index and filter blocks. */
    private static final double HIGH_PRIORITY_RATIO = 0.1;

    // Static on purpose: one budget for all stores of the process, created once, never closed.
    private static final Cache CACHE = new LRUCache(TOTAL_BYTES, -1, false, HIGH_PRIORITY_RATIO);
    private static final WriteBufferManager WRITE_BUFFERS = new WriteBufferManager(MEMTABLE_BYTES, CACHE);

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(CACHE);
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(WRITE_BUFFERS);
        options.setWriteBufferSize(WRITE_BUFFER_BYTES);
        options.setMaxWriteBufferNumber(2);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the write buffer manager are shared by every store and live as long as the JVM.
    }
}
