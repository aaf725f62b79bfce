package io.kluster.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

/** Specification of the Kafka Streams settings Kluster runs with. */
class StreamsPropertiesTest {

    @Test
    void everyStoreSharesOneBoundedRocksDbBudgetUnlessTheUserSetsAnother() {
        Properties defaults = StreamsProperties.of("b:9092", "app", "/tmp/s", Map.of());
        assertThat(defaults.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedRocksDbConfig.class);
        assertThat(defaults.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo(StreamsConfig.EXACTLY_ONCE_V2);

        Properties overridden = StreamsProperties.of("b:9092", "app", "/tmp/s",
                Map.of(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "com.example.Mine"));
        assertThat(overridden.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo("com.example.Mine");
    }

    @Test
    void aBacklogCommitsEverySecondUnlessTheUserSetsAnotherInterval() {
        assertThat(StreamsProperties.of("b:9092", "app", "/tmp/s", Map.of()).get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG))
                .isEqualTo(1_000);
        assertThat(StreamsProperties.of("b:9092", "app", "/tmp/s", Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100"))
                .get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo("100");
    }

    @Test
    void overridingExactlyOnceIsAllowedButWarnedAbout() {
        assertThat(StreamsProperties.warnings(Map.of())).isEmpty();
        assertThat(StreamsProperties.warnings(Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2)))
                .isEmpty();

        Map<String, Object> atLeastOnce = Map.of(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        assertThat(StreamsProperties.warnings(atLeastOnce)).singleElement().asString()
                .contains("processing.guarantee=at_least_once", "exactly_once_v2", "assigned twice");
        assertThat(StreamsProperties.of("b:9092", "app", "/tmp/s", atLeastOnce).get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG))
                .as("the user's choice still wins").isEqualTo(StreamsConfig.AT_LEAST_ONCE);
    }

    @Test
    void storesGetSmallMemtablesChargedToTheSharedCache() {
        RocksDB.loadLibrary();
        try (Options options = new Options()) {
            options.setTableFormatConfig(new BlockBasedTableConfig());
            new BoundedRocksDbConfig().setConfig("kluster-pending", options, Map.of());

            assertThat(options.writeBufferSize()).isEqualTo(4L * 1024 * 1024);
            assertThat(options.maxWriteBufferNumber()).isEqualTo(2);
            BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
            assertThat(table.cacheIndexAndFilterBlocks()).isTrue();
        }
    }
}
