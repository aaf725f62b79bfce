package io.kluster.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.kluster.fields.FieldSpec;
import io.kluster.fields.FieldsSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Named-field events ({@code kluster.input.format=fields}): what is read, and every reason a record is rejected. */
class RecordParserFieldsTest {

    private static final RecordParser EVERY_FIELD = RecordParser.builder().format(InputFormat.FIELDS).build();

    private static RecordParser declared(String fields) {
        return RecordParser.builder().format(InputFormat.FIELDS)
                .fields(new FieldsSettings(FieldSpec.parseList(fields), "order_id", "segment", Set.of())).build();
    }

    private static FeatureRecord valid(RecordParser parser, String json) {
        ParseResult result = parser.parse("key-1".getBytes(UTF_8), json.getBytes(UTF_8));
        assertThat(result).as(json).isInstanceOf(ParseResult.Valid.class);
        return ((ParseResult.Valid) result).record();
    }

    private static RejectReason rejected(RecordParser parser, String json) {
        ParseResult result = parser.parse("key-1".getBytes(UTF_8), json.getBytes(UTF_8));
        assertThat(result).as(json).isInstanceOf(ParseResult.Rejected.class);
        return ((ParseResult.Rejected) result).reason();
    }

    @Test
    void everyTopLevelFieldButTheIdAndTheLabelIsAFeatureWithItsJsonType() {
        FeatureRecord r = valid(EVERY_FIELD, "{\"id\": \"o-81\", \"amount\": 129.5, \"country\": \"DE\", \"first_order\": true,"
                + " \"note\": \"gift wrap please\", \"latency_ms\": null, \"label\": 3}");

        assertThat(r.id()).isEqualTo("o-81");
        assertThat(r.label()).isEqualTo("3");
        assertThat(r.features()).isEmpty();
        assertThat(r.fields().values()).containsExactly(Map.entry("amount", 129.5), Map.entry("country", "DE"),
                Map.entry("first_order", true), Map.entry("note", "gift wrap please"));
    }

    @Test
    void nestedObjectsAndArraysAreNoFeaturesUnlessAJsonPointerDeclaresWhatInThemIs() {
        assertThat(valid(EVERY_FIELD, "{\"a\": 1, \"user\": {\"country\": \"DE\"}, \"tags\": [1, 2]}").fields().values())
                .containsOnlyKeys("a");

        FeatureRecord r = valid(declared("/user/country,Body Mass (g):numeric"),
                "{\"order_id\": 7, \"user\": {\"country\": \"DE\"}, \"Body Mass (g)\": \"3750\"}");
        assertThat(r.id()).isEqualTo("7");
        assertThat(r.fields().values()).containsExactly(Map.entry("/user/country", "DE"), Map.entry("Body Mass (g)", "3750"));
    }

    @Test
    void aRecordWithoutAnIdTakesTheKeyAndTheConfiguredLabelFieldIsNeverAFeature() {
        FeatureRecord r = valid(declared("amount"), "{\"amount\": 1, \"segment\": \"gift\"}");

        assertThat(r.id()).isEqualTo("key-1");
        assertThat(r.label()).isEqualTo("gift");
        assertThat(r.fields().values()).containsOnlyKeys("amount");
    }

    @Test
    void ignoredFieldsAreSkipped() {
        RecordParser parser = RecordParser.builder().format(InputFormat.FIELDS)
                .fields(new FieldsSettings(List.of(), "id", "label", Set.of("email"))).build();

        assertThat(valid(parser, "{\"email\": \"a@b.c\", \"x\": 2}").fields().values()).containsOnlyKeys("x");
    }

    @Test
    void aNewCategoryAMissingOptionalFieldOrAnUnknownExtraFieldIsNeverRejected() {
        RecordParser parser = declared("amount:numeric,country:categorical,note:text");

        assertThat(valid(parser, "{\"amount\": 3, \"country\": \"never seen\", \"surprise\": [1, {\"x\": 2}]}")
                .fields().values()).containsOnlyKeys("amount", "country");
        assertThat(valid(parser, "{\"note\": \"only a note\"}").fields().values()).containsOnlyKeys("note");
    }

    @Test
    void aDeclaredFieldHoldingWhatCannotBeReadAsItsTypeIsAWrongFieldType() {
        assertThat(rejected(declared("amount:numeric"), "{\"amount\": \"lots\"}")).isEqualTo(RejectReason.WRONG_FIELD_TYPE);
        assertThat(rejected(declared("flag:boolean"), "{\"flag\": \"maybe\"}")).isEqualTo(RejectReason.WRONG_FIELD_TYPE);
        assertThat(rejected(declared("country"), "{\"country\": {\"code\": \"DE\"}}")).isEqualTo(RejectReason.WRONG_FIELD_TYPE);
        assertThat(valid(declared("flag:boolean,amount:numeric"), "{\"flag\": \"yes\", \"amount\": \"12.5\"}").fields().size())
                .isEqualTo(2);
    }

    @Test
    void aRecordWithNoUsableFeatureIsRejected() {
        assertThat(rejected(EVERY_FIELD, "{\"id\": \"a\", \"label\": 1}")).isEqualTo(RejectReason.NO_USABLE_FEATURE);
        assertThat(rejected(EVERY_FIELD, "{\"id\": \"a\", \"x\": null, \"nested\": {\"y\": 1}}"))
                .isEqualTo(RejectReason.NO_USABLE_FEATURE);
        assertThat(rejected(declared("amount"), "{\"order_id\": \"a\", \"other\": 1}")).isEqualTo(RejectReason.NO_USABLE_FEATURE);
    }

    @Test
    void malformedNotAnObjectNonFiniteTooDeepOversizedAndIdLessRecordsAreRejectedForThatReason() {
        assertThat(rejected(EVERY_FIELD, "{\"x\": 1")).isEqualTo(RejectReason.INVALID_JSON);
        assertThat(rejected(EVERY_FIELD, "{\"x\": 1, \"x\": 2}")).as("duplicate field").isEqualTo(RejectReason.INVALID_JSON);
        assertThat(rejected(EVERY_FIELD, "[1, 2]")).isEqualTo(RejectReason.NOT_AN_OBJECT);
        assertThat(rejected(EVERY_FIELD, "\"text\"")).isEqualTo(RejectReason.NOT_AN_OBJECT);
        assertThat(rejected(EVERY_FIELD, "{\"id\": 1, \"x\": NaN}")).isEqualTo(RejectReason.NON_FINITE_FEATURE);
        assertThat(rejected(EVERY_FIELD, "{\"id\": 1, \"x\": 1e999}")).isEqualTo(RejectReason.NON_FINITE_FEATURE);
        assertThat(rejected(EVERY_FIELD, "{\"id\": 1, \"x\": 1, \"deep\": " + "[".repeat(40) + "]".repeat(40) + "}"))
                .isEqualTo(RejectReason.TOO_DEEP);
        assertThat(EVERY_FIELD.parse(null, "{\"x\": 1}".getBytes(UTF_8))).as("no id, no key")
                .extracting(r -> ((ParseResult.Rejected) r).reason()).isEqualTo(RejectReason.MISSING_ID);
        assertThat(rejected(EVERY_FIELD, "{\"id\": 1, \"x\": 1, \"label\": 2.5}")).isEqualTo(RejectReason.BAD_LABEL);
        RecordParser small = RecordParser.builder().format(InputFormat.FIELDS).maxValueBytes(20).build();
        assertThat(small.parse(null, "{\"id\": 1, \"note\": \"a long note\"}".getBytes(UTF_8)))
                .isEqualTo(new ParseResult.Rejected(RejectReason.OVERSIZED, "value is 32 bytes, limit is 20"));
    }

    @Test
    void theLimitOnFeaturesIsALimitOnFields() {
        RecordParser parser = RecordParser.builder().format(InputFormat.FIELDS).maxFeatures(2).build();

        assertThat(rejected(parser, "{\"id\": 1, \"a\": 1, \"b\": 2, \"c\": 3}")).isEqualTo(RejectReason.TOO_MANY_FEATURES);
    }
}
