package io.kluster.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** Specification of the headers a dead-lettered record carries. */
class DeadLetterHeadersTest {

    @Test
    void headerNamesAreStable() {
        assertThat(DeadLetterHeaders.REASON).isEqualTo("kluster.reason");
        assertThat(DeadLetterHeaders.MESSAGE).isEqualTo("kluster.message");
        assertThat(DeadLetterHeaders.SOURCE_TOPIC).isEqualTo("kluster.source.topic");
        assertThat(DeadLetterHeaders.SOURCE_PARTITION).isEqualTo("kluster.source.partition");
        assertThat(DeadLetterHeaders.SOURCE_OFFSET).isEqualTo("kluster.source.offset");
    }

    @Test
    void carriesReasonCodeMessageAndSourceAsUtf8() {
        Headers headers = DeadLetterHeaders.of(RejectReason.WRONG_DIMENSION,
            "expected 784 features, got 783 — ünïcode", "fashion-in", 3, 9_876_543_210L);

        assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.REASON)).isEqualTo("wrong-dimension");
        assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.MESSAGE))
            .isEqualTo("expected 784 features, got 783 — ünïcode");
        assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("fashion-in");
        assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("3");
        assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("9876543210");
        assertThat(headers).isInstanceOf(RecordHeaders.class);
        assertThat(headers.lastHeader(DeadLetterHeaders.REASON).value()).isEqualTo("wrong-dimension".getBytes(UTF_8));
    }

    @Test
    void reasonCodeReadsBackAsTheReason() {
        Headers headers = DeadLetterHeaders.of(RejectReason.TOO_DEEP, "deep", "t", 0, 0L);

        assertThat(RejectReason.fromCode(DeadLetterHeaders.read(headers, DeadLetterHeaders.REASON)))
            .isEqualTo(RejectReason.TOO_DEEP);
    }

    @Test
    void leavesOutAnUnknownTopicOrMessage() {
        Headers headers = DeadLetterHeaders.of(RejectReason.EMPTY_VALUE, null, null, -1, -1L);

        assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.MESSAGE)).isNull();
        assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.SOURCE_TOPIC)).isNull();
        assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("-1");
    }

    @Test
    void readReturnsNullForAbsentHeaders() {
        assertThat(DeadLetterHeaders.read(new RecordHeaders(), DeadLetterHeaders.REASON)).isNull();
        assertThat(DeadLetterHeaders.read(null, DeadLetterHeaders.REASON)).isNull();
    }

    @Test
    void readReturnsTheLastValueOfARepeatedHeader() {
        Headers headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.REASON, "oversized".getBytes(UTF_8));
        headers.add(DeadLetterHeaders.REASON, "bad-label".getBytes(UTF_8));

        assertThat(DeadLetterHeaders.read(headers, DeadLetterHeaders.REASON)).isEqualTo("bad-label");
    }
}
