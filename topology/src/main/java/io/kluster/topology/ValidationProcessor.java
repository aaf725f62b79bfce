package io.kluster.topology;

import io.kluster.data.DeadLetterHeaders;
import io.kluster.data.FeatureRecord;
import io.kluster.data.ParseResult;
import io.kluster.data.RecordParser;
import io.kluster.data.RejectReason;
import io.kluster.fields.FieldSchema;
import io.kluster.model.ModelBundle;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Parses and validates raw input. A valid record goes on to assignment keyed by its id; anything
 * else goes to the dead-letter topic with its original key and bytes and headers naming the reason
 * and the source position, and the stream goes on. A named-field event is also checked against the
 * current model's schema: one without any of its fields is dead-lettered too.
 */
final class ValidationProcessor implements Processor<byte[], byte[], Object, Object> {

    private final RecordParser parser;
    private final ModelRegistry registry;
    private final KlusterMetrics metrics;
    private ProcessorContext<Object, Object> context;

    ValidationProcessor(RecordParser parser, ModelRegistry registry, KlusterMetrics metrics) {
        this.parser = parser;
        this.registry = registry;
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
        if (result instanceof ParseResult.Valid valid && valid.record().fields() != null) {
            result = againstSchema(valid);
        }
        if (result instanceof ParseResult.Valid valid) {
            FeatureRecord r = valid.record();
            context.forward(new Record<Object, Object>(r.id(), new PendingRecord(r.id(), r.features(), r.label(),
                    record.timestamp(), r.fields()), record.timestamp()), KlusterTopology.ASSIGN_PROCESSOR);
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

    /** An event that holds none of the current model's fields has nothing to be assigned by. */
    private ParseResult againstSchema(ParseResult.Valid valid) {
        ModelBundle model = registry.base();
        FieldSchema schema = model == null ? null : model.schema();
        if (schema == null || schema.coversAny(valid.record().fields())) {
            return valid;
        }
        return new ParseResult.Rejected(RejectReason.NO_USABLE_FEATURE, "none of the model's fields "
                + schema.names() + " is present");
    }
}
