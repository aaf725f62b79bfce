package io.kluster.topology;

import io.kluster.data.DeadLetterHeaders;
import io.kluster.data.FeatureRecord;
import io.kluster.data.ParseResult;
import io.kluster.data.RecordParser;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Parses and validates raw input. A valid record goes on to assignment keyed by its id; anything
 * else goes to the dead-letter topic with its original key and bytes and headers naming the reason
 * and the source position, and the stream goes on.
 */
final class ValidationProcessor implements Processor<byte[], byte[], Object, Object> {

    private final RecordParser parser;
    private final KlusterMetrics metrics;
    private ProcessorContext<Object, Object> context;

    ValidationProcessor(RecordParser parser, KlusterMetrics metrics) {
        this.parser = parser;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        metrics.recordIn();
        ParseResult result = parser.parse(record.key(), record.value());
        if (result instanceof ParseResult.Valid valid) {
            FeatureRecord r = valid.record();
            context.forward(new Record<Object, Object>(r.id(), new PendingRecord(r.id(), r.features(), r.label(),
                    record.timestamp()), record.timestamp()), KlusterTopology.ASSIGN_PROCESSOR);
        } else {
            ParseResult.Rejected rejected = (ParseResult.Rejected) result;
            metrics.deadLettered(rejected.reason());
            RecordMetadata source = context.recordMetadata().orElse(null);
            var headers = DeadLetterHeaders.of(rejected.reason(), rejected.message(),
                    source == null ? "" : source.topic(),
                    source == null ? -1 : source.partition(),
                    source == null ? -1L : source.offset());
            context.forward(new Record<Object, Object>(record.key(), record.value(), record.timestamp(), headers),
                    KlusterTopology.DEAD_LETTER_SINK);
        }
    }
}
