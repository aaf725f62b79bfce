package io.kluster.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Specification of the JSON input format as {@link RecordParser} reads it. */
class RecordParserJsonTest {

    private static final byte[] KEY = "k1".getBytes(UTF_8);

    private final RecordParser parser = RecordParser.builder().format(InputFormat.JSON).build();

    // ------------------------------------------------------------------ valid records

    @Test
    void readsIdFeaturesAndIntLabel() {
        FeatureRecord record = valid(parser, null, "{\"id\":\"a1\",\"features\":[0.5,1,-2e-3],\"label\":7}");

        assertThat(record.id()).isEqualTo("a1");
        assertThat(record.features()).containsExactly(0.5f, 1f, -2e-3f);
        assertThat(record.label()).isEqualTo("7");
    }

    @Test
    void keepsAStringLabelAsIs() {
        assertThat(valid(parser, null, "{\"id\":\"a\",\"features\":[1],\"label\":\"T-shirt/top\"}").label())
            .isEqualTo("T-shirt/top");
    }

    @Test
    void treatsAnAbsentOrNullLabelAsNoLabel() {
        assertThat(valid(parser, null, "{\"id\":\"a\",\"features\":[1]}").label()).isNull();
        assertThat(valid(parser, null, "{\"id\":\"a\",\"features\":[1],\"label\":null}").label()).isNull();
    }

    @Test
    void keepsANegativeIntLabelAsItsDecimalText() {
        assertThat(valid(parser, null, "{\"id\":\"a\",\"features\":[1],\"label\":-3}").label()).isEqualTo("-3");
    }

    @Test
    void takesTheIdFromTheKeyWhenTheValueHasNone() {
        assertThat(valid(parser, KEY, "{\"features\":[1,2]}").id()).isEqualTo("k1");
    }

    @Test
    void takesTheIdFromTheKeyWhenTheValueIdIsNullOrEmpty() {
        assertThat(valid(parser, KEY, "{\"id\":null,\"features\":[1]}").id()).isEqualTo("k1");
        assertThat(valid(parser, KEY, "{\"id\":\"\",\"features\":[1]}").id()).isEqualTo("k1");
    }

    @Test
    void prefersTheValueIdOverTheKey() {
        assertThat(valid(parser, KEY, "{\"id\":\"v1\",\"features\":[1]}").id()).isEqualTo("v1");
    }

    @Test
    void acceptsANumberIdAsItsText() {
        assertThat(valid(parser, null, "{\"id\":12345678901234,\"features\":[1]}").id())
            .isEqualTo("12345678901234");
    }

    @Test
    void ignoresUnknownFieldsWhateverTheyHold() {
        FeatureRecord record = valid(parser, null,
            "{\"meta\":{\"a\":[1,{\"b\":[\"x\",null]}]},\"id\":\"a\",\"ts\":17,"
                + "\"features\":[3],\"tags\":[\"p\",\"q\"],\"ok\":true}");

        assertThat(record.id()).isEqualTo("a");
        assertThat(record.features()).containsExactly(3f);
    }

    @Test
    void acceptsFieldsInAnyOrderAndSurroundingWhitespace() {
        FeatureRecord record = valid(parser, null, "\n  {\"label\":1, \"features\":[2], \"id\":\"z\"}  \n");

        assertThat(record).isEqualTo(new FeatureRecord("z", new float[] {2f}, "1"));
    }

    @Test
    void roundsEachNumberStraightToTheNearestFloat() {
        FeatureRecord record = valid(parser, null,
            "{\"id\":\"a\",\"features\":[0.1,3.4028235E38,1.4E-45,-0.0,123456789]}");

        assertThat(record.features()).containsExactly(0.1f, Float.MAX_VALUE, Float.MIN_VALUE, -0.0f, 123456789f);
    }

    @Test
    void acceptsNestingUpToTheMaximumDepth() {
        // The root object is depth 1, so 31 arrays inside it reach exactly the limit.
        String nested = "[".repeat(RecordParser.MAX_NESTING_DEPTH - 1) + "]".repeat(RecordParser.MAX_NESTING_DEPTH - 1);

        assertThat(valid(parser, null, "{\"id\":\"a\",\"extra\":" + nested + ",\"features\":[1]}").id())
            .isEqualTo("a");
    }

    @Test
    void acceptsVectorsOfAnyLengthUpToMaxFeatures() {
        RecordParser small = RecordParser.builder().maxFeatures(1000).build();
        String features = "1,".repeat(999) + "1";

        assertThat(valid(small, null, "{\"id\":\"a\",\"features\":[" + features + "]}").features()).hasSize(1000);
    }

    @Test
    void keepsVectorsOfDifferentLengthsApartWhenReusingTheParser() {
        assertThat(valid(parser, null, "{\"id\":\"a\",\"features\":[" + "1,".repeat(99) + "1]}").features()).hasSize(100);
        assertThat(valid(parser, null, "{\"id\":\"b\",\"features\":[1,2,3]}").features()).containsExactly(1f, 2f, 3f);
        assertThat(valid(parser, null, "{\"id\":\"c\",\"features\":[" + "2,".repeat(299) + "2]}").features()).hasSize(300);
    }

    @Test
    void acceptsTheExpectedDimension() {
        RecordParser three = RecordParser.builder().expectedDimension(3).build();

        assertThat(valid(three, null, "{\"id\":\"a\",\"features\":[1,2,3]}").features()).hasSize(3);
    }

    // ------------------------------------------------------------------ rejected records

    static Stream<Arguments> badJson() {
        String deep = "[".repeat(RecordParser.MAX_NESTING_DEPTH) + "]".repeat(RecordParser.MAX_NESTING_DEPTH);
        return Stream.of(
            arguments("empty value", "", RejectReason.EMPTY_VALUE),
            arguments("whitespace-only value", "  \n\t ", RejectReason.EMPTY_VALUE),
            arguments("malformed JSON", "{\"id\":\"a\",\"features\":[1,2}", RejectReason.INVALID_JSON),
            arguments("truncated JSON", "{\"id\":\"a\",\"features\":[1,", RejectReason.INVALID_JSON),
            arguments("unquoted field name", "{id:\"a\",\"features\":[1]}", RejectReason.INVALID_JSON),
            arguments("trailing garbage", "{\"id\":\"a\",\"features\":[1]}xyz", RejectReason.INVALID_JSON),
            arguments("second JSON value", "{\"id\":\"a\",\"features\":[1]} {}", RejectReason.INVALID_JSON),
            arguments("trailing comma token", "{\"id\":\"a\",\"features\":[1]},", RejectReason.INVALID_JSON),
            arguments("duplicate features field", "{\"id\":\"a\",\"features\":[1],\"features\":[2]}", RejectReason.INVALID_JSON),
            arguments("array at the root", "[1,2,3]", RejectReason.NOT_AN_OBJECT),
            arguments("string at the root", "\"hello\"", RejectReason.NOT_AN_OBJECT),
            arguments("number at the root", "42", RejectReason.NOT_AN_OBJECT),
            arguments("null at the root", "null", RejectReason.NOT_AN_OBJECT),
            arguments("no id and no key", "{\"features\":[1]}", RejectReason.MISSING_ID),
            arguments("null id and no key", "{\"id\":null,\"features\":[1]}", RejectReason.MISSING_ID),
            arguments("object id", "{\"id\":{\"x\":1},\"features\":[1]}", RejectReason.MISSING_ID),
            arguments("boolean id", "{\"id\":true,\"features\":[1]}", RejectReason.MISSING_ID),
            arguments("NaN id", "{\"id\":NaN,\"features\":[1]}", RejectReason.MISSING_ID),
            arguments("no features", "{\"id\":\"a\"}", RejectReason.MISSING_FEATURES),
            arguments("null features", "{\"id\":\"a\",\"features\":null}", RejectReason.MISSING_FEATURES),
            arguments("empty features", "{\"id\":\"a\",\"features\":[]}", RejectReason.MISSING_FEATURES),
            arguments("features as a string", "{\"id\":\"a\",\"features\":\"1,2\"}", RejectReason.MISSING_FEATURES),
            arguments("features as an object", "{\"id\":\"a\",\"features\":{\"0\":1}}", RejectReason.MISSING_FEATURES),
            arguments("string feature", "{\"id\":\"a\",\"features\":[1,\"2\"]}", RejectReason.NON_NUMERIC_FEATURE),
            arguments("NaN as a string", "{\"id\":\"a\",\"features\":[\"NaN\"]}", RejectReason.NON_NUMERIC_FEATURE),
            arguments("null feature", "{\"id\":\"a\",\"features\":[1,null]}", RejectReason.NON_NUMERIC_FEATURE),
            arguments("boolean feature", "{\"id\":\"a\",\"features\":[true]}", RejectReason.NON_NUMERIC_FEATURE),
            arguments("nested array feature", "{\"id\":\"a\",\"features\":[1,[2,3]]}", RejectReason.NON_NUMERIC_FEATURE),
            arguments("object feature", "{\"id\":\"a\",\"features\":[{\"v\":1}]}", RejectReason.NON_NUMERIC_FEATURE),
            arguments("NaN token", "{\"id\":\"a\",\"features\":[1,NaN]}", RejectReason.NON_FINITE_FEATURE),
            arguments("Infinity token", "{\"id\":\"a\",\"features\":[Infinity]}", RejectReason.NON_FINITE_FEATURE),
            arguments("-Infinity token", "{\"id\":\"a\",\"features\":[-Infinity]}", RejectReason.NON_FINITE_FEATURE),
            arguments("float overflow", "{\"id\":\"a\",\"features\":[1e39]}", RejectReason.NON_FINITE_FEATURE),
            arguments("double overflow", "{\"id\":\"a\",\"features\":[-1e400]}", RejectReason.NON_FINITE_FEATURE),
            arguments("integer overflow", "{\"id\":\"a\",\"features\":[" + "9".repeat(60) + "]}", RejectReason.NON_FINITE_FEATURE),
            arguments("deep nesting in an unknown field", "{\"id\":\"a\",\"x\":" + deep + ",\"features\":[1]}", RejectReason.TOO_DEEP),
            arguments("deep nesting at the root", "{\"x\":{\"x\":" + "{\"x\":".repeat(40) + "1" + "}".repeat(42), RejectReason.TOO_DEEP),
            arguments("deep nesting after the features", "{\"id\":\"a\",\"features\":[1],\"z\":[{\"y\":" + deep + "}]}", RejectReason.TOO_DEEP),
            arguments("object label", "{\"id\":\"a\",\"features\":[1],\"label\":{\"c\":1}}", RejectReason.BAD_LABEL),
            arguments("array label", "{\"id\":\"a\",\"features\":[1],\"label\":[1]}", RejectReason.BAD_LABEL),
            arguments("float label", "{\"id\":\"a\",\"features\":[1],\"label\":3.5}", RejectReason.BAD_LABEL),
            arguments("boolean label", "{\"id\":\"a\",\"features\":[1],\"label\":false}", RejectReason.BAD_LABEL));
    }

    @ParameterizedTest(name = "{0} is rejected as {2}")
    @MethodSource("badJson")
    void rejectsBadJson(String description, String json, RejectReason expected) {
        ParseResult result = parser.parse(null, json.getBytes(UTF_8));

        assertThat(result).isInstanceOf(ParseResult.Rejected.class);
        ParseResult.Rejected rejected = (ParseResult.Rejected) result;
        assertThat(rejected.reason()).as(rejected.message()).isEqualTo(expected);
        assertThat(rejected.message()).isNotBlank().hasSizeLessThan(300);
    }

    @Test
    void nullValueIsRejectedAsEmpty() {
        assertThat(rejected(parser, KEY, (byte[]) null).reason()).isEqualTo(RejectReason.EMPTY_VALUE);
    }

    @Test
    void nanAsJsonTokenIsRejectedAsNonFinite() {
        ParseResult.Rejected rejected = rejected(parser, null, "{\"id\":\"a\",\"features\":[0,NaN]}");

        assertThat(rejected.reason()).isEqualTo(RejectReason.NON_FINITE_FEATURE);
        assertThat(rejected.message()).isEqualTo("features[1] is NaN");
    }

    @Test
    void nanAsStringIsRejectedAsNonNumeric() {
        ParseResult.Rejected rejected = rejected(parser, null, "{\"id\":\"a\",\"features\":[\"NaN\"]}");

        assertThat(rejected.reason()).isEqualTo(RejectReason.NON_NUMERIC_FEATURE);
        assertThat(rejected.message()).isEqualTo("features[0] is a string (\"NaN\")");
    }

    @Test
    void floatOverflowNamesTheNumber() {
        assertThat(rejected(parser, null, "{\"id\":\"a\",\"features\":[1e39]}").message())
            .isEqualTo("features[0] = 1e39 overflows a float");
    }

    @Test
    void wrongDimensionSaysWhatWasExpected() {
        RecordParser mnist = RecordParser.builder().expectedDimension(784).build();
        String features = "0,".repeat(782) + "0";

        ParseResult.Rejected rejected = rejected(mnist, KEY, "{\"features\":[" + features + "]}");

        assertThat(rejected.reason()).isEqualTo(RejectReason.WRONG_DIMENSION);
        assertThat(rejected.message()).isEqualTo("expected 784 features, got 783");
    }

    @Test
    void tooManyFeaturesStopsAtTheLimit() {
        RecordParser small = RecordParser.builder().maxFeatures(4).build();

        ParseResult.Rejected rejected = rejected(small, null, "{\"id\":\"a\",\"features\":[1,2,3,4,5]}");

        assertThat(rejected.reason()).isEqualTo(RejectReason.TOO_MANY_FEATURES);
        assertThat(rejected.message()).isEqualTo("more than 4 features");
    }

    @Test
    void oversizedValueIsRejectedBeforeParsing() {
        RecordParser tiny = RecordParser.builder().maxValueBytes(10).build();

        // Eleven bytes of garbage: had it been parsed it would be invalid-json.
        ParseResult.Rejected rejected = rejected(tiny, KEY, "not json!!!");

        assertThat(rejected.reason()).isEqualTo(RejectReason.OVERSIZED);
        assertThat(rejected.message()).isEqualTo("value is 11 bytes, limit is 10");
    }

    @Test
    void valueExactlyAtTheSizeLimitIsParsed() {
        String json = "{\"id\":\"a\",\"features\":[1]}";
        RecordParser exact = RecordParser.builder().maxValueBytes(json.length()).build();

        assertThat(exact.parse(null, json.getBytes(UTF_8)).isValid()).isTrue();
    }

    @Test
    void nonUtf8BinaryGarbageIsRejectedAsInvalidJson() {
        byte[] garbage = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE, 0x00, (byte) 0x80};

        assertThat(rejected(parser, KEY, garbage).reason()).isEqualTo(RejectReason.INVALID_JSON);
    }

    @Test
    void invalidUtf8InsideAStringIsRejectedAsInvalidJson() {
        byte[] prefix = "{\"id\":\"".getBytes(UTF_8);
        byte[] suffix = "\",\"features\":[1]}".getBytes(UTF_8);
        byte[] value = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, value, 0, prefix.length);
        value[prefix.length] = (byte) 0xC3;
        value[prefix.length + 1] = (byte) 0x28;
        System.arraycopy(suffix, 0, value, prefix.length + 2, suffix.length);

        assertThat(rejected(parser, null, value).reason()).isEqualTo(RejectReason.INVALID_JSON);
    }

    @Test
    void invalidJsonMessageSaysWhere() {
        assertThat(rejected(parser, null, "{\"id\":\"a\",\"features\":[1]}xyz").message())
            .contains("line 1, column");
    }

    @Test
    void longOffendingTextIsAbbreviatedInTheMessage() {
        String longString = "x".repeat(10_000);

        ParseResult.Rejected rejected = rejected(parser, null, "{\"id\":\"a\",\"features\":[\"" + longString + "\"]}");

        assertThat(rejected.message()).hasSizeLessThan(100).endsWith("...\")");
    }

    // ------------------------------------------------------------------ helpers

    static FeatureRecord valid(RecordParser parser, byte[] key, String json) {
        ParseResult result = parser.parse(key, json.getBytes(UTF_8));
        assertThat(result).as("%s", result).isInstanceOf(ParseResult.Valid.class);
        return ((ParseResult.Valid) result).record();
    }

    static ParseResult.Rejected rejected(RecordParser parser, byte[] key, String json) {
        return rejected(parser, key, json.getBytes(UTF_8));
    }

    static ParseResult.Rejected rejected(RecordParser parser, byte[] key, byte[] value) {
        ParseResult result = parser.parse(key, value);
        assertThat(result).as("%s", result).isInstanceOf(ParseResult.Rejected.class);
        return (ParseResult.Rejected) result;
    }
}
