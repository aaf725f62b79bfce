package io.kluster.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Specification of the BINARY input format: little-endian float32 vectors keyed by id. */
class RecordParserBinaryTest {

    private static final byte[] KEY = "img-7".getBytes(UTF_8);

    private final RecordParser parser = RecordParser.builder().format(InputFormat.BINARY).build();

    @Test
    void readsLittleEndianFloatsWithTheKeyAsId() {
        byte[] value = {0, 0, (byte) 0x80, 0x3F, 0, 0, 0, (byte) 0xC0}; // 1.0f, -2.0f

        FeatureRecord record = valid(KEY, value);

        assertThat(record.id()).isEqualTo("img-7");
        assertThat(record.features()).containsExactly(1f, -2f);
        assertThat(record.label()).isNull();
    }

    @Test
    void readsWhatTheCodecWrites() {
        float[] features = {0f, 0.25f, -1e-30f, Float.MAX_VALUE, Float.MIN_VALUE};

        assertThat(valid(KEY, FeatureRecordCodec.toBinary(features)).features()).containsExactly(features);
    }

    @Test
    void missingKeyIsRejectedAsMissingId() {
        assertThat(rejected(null, FeatureRecordCodec.toBinary(new float[] {1f})).reason())
            .isEqualTo(RejectReason.MISSING_ID);
        assertThat(rejected(new byte[0], FeatureRecordCodec.toBinary(new float[] {1f})).reason())
            .isEqualTo(RejectReason.MISSING_ID);
    }

    @Test
    void lengthNotAMultipleOfFourIsRejected() {
        ParseResult.Rejected rejected = rejected(KEY, new byte[7]);

        assertThat(rejected.reason()).isEqualTo(RejectReason.BAD_BINARY_LENGTH);
        assertThat(rejected.message()).isEqualTo("value is 7 bytes, not a multiple of 4");
    }

    @Test
    void nanIsRejectedAsNonFinite() {
        ParseResult.Rejected rejected = rejected(KEY, FeatureRecordCodec.toBinary(new float[] {1f, Float.NaN}));

        assertThat(rejected.reason()).isEqualTo(RejectReason.NON_FINITE_FEATURE);
        assertThat(rejected.message()).isEqualTo("features[1] is NaN");
    }

    @Test
    void infinityIsRejectedAsNonFinite() {
        assertThat(rejected(KEY, FeatureRecordCodec.toBinary(new float[] {Float.NEGATIVE_INFINITY})).reason())
            .isEqualTo(RejectReason.NON_FINITE_FEATURE);
    }

    @Test
    void emptyOrNullValueIsRejectedAsEmpty() {
        assertThat(rejected(KEY, new byte[0]).reason()).isEqualTo(RejectReason.EMPTY_VALUE);
        assertThat(rejected(KEY, null).reason()).isEqualTo(RejectReason.EMPTY_VALUE);
    }

    @Test
    void wrongDimensionIsRejected() {
        RecordParser mnist = RecordParser.builder().format(InputFormat.BINARY).expectedDimension(784).build();

        ParseResult.Rejected rejected = (ParseResult.Rejected) mnist.parse(KEY, new byte[783 * 4]);

        assertThat(rejected.reason()).isEqualTo(RejectReason.WRONG_DIMENSION);
        assertThat(rejected.message()).isEqualTo("expected 784 features, got 783");
    }

    @Test
    void tooManyFeaturesIsRejected() {
        RecordParser small = RecordParser.builder().format(InputFormat.BINARY).maxFeatures(2).build();

        ParseResult.Rejected rejected = (ParseResult.Rejected) small.parse(KEY, new byte[12]);

        assertThat(rejected.reason()).isEqualTo(RejectReason.TOO_MANY_FEATURES);
        assertThat(rejected.message()).isEqualTo("got 3 features, limit is 2");
    }

    @Test
    void oversizedValueIsRejectedFirst() {
        RecordParser tiny = RecordParser.builder().format(InputFormat.BINARY).maxValueBytes(8).build();

        // Also a bad length and keyless, but size wins because it is checked before anything else.
        assertThat(((ParseResult.Rejected) tiny.parse(null, new byte[9])).reason()).isEqualTo(RejectReason.OVERSIZED);
    }

    private FeatureRecord valid(byte[] key, byte[] value) {
        ParseResult result = parser.parse(key, value);
        assertThat(result).as("%s", result).isInstanceOf(ParseResult.Valid.class);
        return ((ParseResult.Valid) result).record();
    }

    private ParseResult.Rejected rejected(byte[] key, byte[] value) {
        ParseResult result = parser.parse(key, value);
        assertThat(result).as("%s", result).isInstanceOf(ParseResult.Rejected.class);
        return (ParseResult.Rejected) result;
    }
}
