package io.kluster.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.kluster.model.ModelBundle;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The assignment task asks Kafka Streams to commit early when its records are fresh, and only then. */
class AssignmentCommitTest {

    private static final int BATCH = 4;
    private static ModelBundle model;

    private final ModelRegistry registry = new ModelRegistry();
    private MockProcessorContext<Object, Object> context;
    private AssignmentProcessor processor;

    @BeforeAll
    static void train() {
        model = TopologyHarness.trainModel(TopologyHarness.DIMENSION);
    }

    @BeforeEach
    void open() {
        registry.offer(model);
        TopologySettings settings = TopologySettings.builder(TopologyHarness.DIMENSION).batchSize(BATCH)
                .commitLatency(Duration.ofMillis(100)).build();
        context = new MockProcessorContext<>();
        KeyValueStore<Long, PendingRecord> store = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(KlusterTopology.PENDING_STORE), Serdes.Long(), new PendingRecordSerde())
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        processor = new AssignmentProcessor(settings, TopologyHarness.online(0.5, 100, 0), registry,
                KlusterMetrics.standalone(registry));
        processor.init(context);
    }

    private void send(int records, long timestamp) {
        float[][] rows = TopologyHarness.points(records, timestamp, TopologyHarness.DIMENSION);
        for (int i = 0; i < records; i++) {
            String id = "r" + timestamp + "-" + i;
            processor.process(new Record<>(id, new PendingRecord(id, rows[i], null, timestamp, null), timestamp));
        }
    }

    @Test
    void aBatchOfFreshRecordsIsCommittedAtOnce() {
        context.setCurrentSystemTimeMs(50_000);
        send(BATCH, 49_990);

        assertThat(context.forwarded(KlusterTopology.OUTPUT_SINK)).hasSize(BATCH);
        assertThat(context.committed()).isTrue();
    }

    @Test
    void aBacklogWaitsForTheCommitInterval() {
        context.setCurrentSystemTimeMs(50_000);
        send(BATCH, 1_000);

        assertThat(context.forwarded(KlusterTopology.OUTPUT_SINK)).hasSize(BATCH);
        assertThat(context.committed()).isFalse();
    }

    @Test
    void freshBatchesInQuickSuccessionAskOncePerLatency() {
        context.setCurrentSystemTimeMs(50_000);
        send(BATCH, 50_000);
        context.resetCommit();
        context.setCurrentSystemTimeMs(50_030);
        send(BATCH, 50_030);

        assertThat(context.forwarded(KlusterTopology.OUTPUT_SINK)).hasSize(2 * BATCH);
        assertThat(context.committed()).isFalse();
    }
}
