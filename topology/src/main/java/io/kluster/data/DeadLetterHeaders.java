package io.kluster.data;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Names and helpers for the headers a rejected record carries on the dead-letter topic; the
 * original key and value are forwarded untouched, so everything Kluster adds lives here.
 */
public final class DeadLetterHeaders {

    /** The {@link RejectReason#code()} of the rejection, e.g. {@code invalid-json}. */
    public static final String REASON = "kluster.reason";

    /** The human-readable rejection message. */
    public static final String MESSAGE = "kluster.message";

    /** The topic the record was read from. */
    public static final String SOURCE_TOPIC = "kluster.source.topic";

    /** The partition the record was read from, as a decimal string. */
    public static final String SOURCE_PARTITION = "kluster.source.partition";

    /** The offset the record was read from, as a decimal string. */
    public static final String SOURCE_OFFSET = "kluster.source.offset";

    private DeadLetterHeaders() {
    }

    /**
     * Builds the dead-letter headers, all values UTF-8.
     *
     * <p>A null message or topic is left out rather than written empty, because a processor
     * may not know its source (for instance in a punctuation) and an empty value would lie.
     */
    public static Headers of(
        RejectReason reason, String message, String topic, int partition, long offset) {
        Objects.requireNonNull(reason, "reason");
        RecordHeaders headers = new RecordHeaders();
        headers.add(REASON, utf8(reason.code()));
        if (message != null) {
            headers.add(MESSAGE, utf8(message));
        }
        if (topic != null) {
            headers.add(SOURCE_TOPIC, utf8(topic));
        }
        headers.add(SOURCE_PARTITION, utf8(Integer.toString(partition)));
        headers.add(SOURCE_OFFSET, utf8(Long.toString(offset)));
        return headers;
    }

    /** Returns the UTF-8 value of the last header named {@code name}, or null when absent. */
    public static String read(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null
            ? null
            : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
