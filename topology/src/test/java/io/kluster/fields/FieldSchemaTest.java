package io.kluster.fields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** How named fields become features: each type, missing values, unseen categories, weights, inference. */
class FieldSchemaTest {

    static FieldValues event(Object... nameValue) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            if (nameValue[i + 1] != null) {
                Object v = nameValue[i + 1];
                values.put((String) nameValue[i], v instanceof Number n ? (Object) n.doubleValue() : v);
            }
        }
        return new FieldValues(values);
    }

    private static FieldsSettings declared(String list) {
        return new FieldsSettings(FieldSpec.parseList(list), "id", "label", Set.of());
    }

    @Nested
    class Numbers {

        @Test
        void areCentredOnTheMedianAndDividedByTheInterquartileRangeOverOnePointThreFourNine() {
            List<FieldValues> rows = new ArrayList<>();
            for (int i = 1; i <= 9; i++) {
                rows.add(event("x", i));
            }
            FieldEncoder.Numeric x = (FieldEncoder.Numeric) FieldSchema.fit(rows, declared("x:numeric")).fields().get(0);

            assertThat(x.center()).isEqualTo(5.0);
            assertThat(x.scale()).isCloseTo((7.0 - 3.0) / 1.349, within(1e-9));
            assertThat(x.logTails()).isFalse();
            assertThat(x.missingIndicator()).as("no value was missing").isFalse();
            assertThat(x.width()).isEqualTo(1);
        }

        @Test
        void aHeavyTailedFieldGoesThroughAsinhSoThatItsOutliersDoNotCrushTheRestIntoOnePoint() {
            Random random = new Random(3);
            List<FieldValues> rows = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                rows.add(event("amount", Math.exp(random.nextGaussian() * 2)));
            }
            FieldSchema schema = FieldSchema.fit(rows, declared("amount"));
            FieldEncoder.Numeric amount = (FieldEncoder.Numeric) schema.fields().get(0);

            assertThat(amount.logTails()).isTrue();
            // Linear scaling would put the largest amount hundreds of units out and the median record at 0;
            // with asinh the bulk keeps a spread comparable to the extremes'.
            double top = amount.scaled(rows.stream().mapToDouble(r -> (Double) r.get("amount")).max().orElseThrow());
            assertThat(top).isLessThan(FieldEncoder.CLIP + 1e-9).isGreaterThan(3);
            double[] encoded = rows.stream().mapToDouble(r -> schema.encode(r)[0]).toArray();
            assertThat(variance(encoded)).as("the weight gives the block unit variance").isCloseTo(1.0, within(1e-3));
        }

        @Test
        void aMissingNumberIsImputedByTheMedianAndFlaggedWhenTrainingSawMissingValues() {
            List<FieldValues> rows = List.of(event("x", 1), event("x", 2), event("x", 3), event("x", null), event("y", 1));
            FieldSchema schema = FieldSchema.fit(rows, declared("x:numeric"));
            FieldEncoder.Numeric x = (FieldEncoder.Numeric) schema.fields().get(0);

            assertThat(x.missingIndicator()).isTrue();
            assertThat(schema.width()).isEqualTo(2);
            float[] missing = schema.encode(event("other", 5));
            assertThat(missing[0]).as("the median, scaled, is 0").isEqualTo(0f);
            assertThat(missing[1]).isEqualTo((float) x.weight());
            float[] present = schema.encode(event("x", 3));
            assertThat(present[1]).isEqualTo(0f);
            assertThat(present[0]).isGreaterThan(0f);
        }

        @Test
        void aNumberWrittenAsAStringIsReadAsANumber() {
            FieldSchema schema = FieldSchema.fit(List.of(event("x", 1), event("x", 2), event("x", 3)), declared("x"));

            assertThat(schema.encode(event("x", "3"))).containsExactly(schema.encode(event("x", 3)));
        }

        @Test
        void anAbsurdValueIsClippedAtTenScaledUnits() {
            FieldSchema schema = FieldSchema.fit(List.of(event("x", 1), event("x", 2), event("x", 3), event("x", 4)),
                    declared("x:numeric"));
            FieldEncoder.Numeric x = (FieldEncoder.Numeric) schema.fields().get(0);

            assertThat(schema.encode(event("x", 1e300))[0]).isEqualTo((float) (x.weight() * FieldEncoder.CLIP));
            assertThat(schema.encode(event("x", -1e300))[0]).isEqualTo((float) (-x.weight() * FieldEncoder.CLIP));
        }
    }

    @Nested
    class Categories {

        @Test
        void areOneHotOverTheTrainingValuesWithALastSlotForAnyOtherIncludingOnesFirstSeenLater() {
            List<FieldValues> rows = List.of(event("c", "DE"), event("c", "DE"), event("c", "FR"), event("c", "NL"));
            FieldSchema schema = FieldSchema.fit(rows, declared("c:categorical"));
            FieldEncoder.Categorical c = (FieldEncoder.Categorical) schema.fields().get(0);
            float w = (float) c.weight();

            assertThat(c.values()).as("most frequent first, ties by name").containsExactly("DE", "FR", "NL");
            assertThat(schema.encode(event("c", "DE"))).containsExactly(w, 0, 0, 0);
            assertThat(schema.encode(event("c", "NL"))).containsExactly(0, 0, w, 0);
            assertThat(schema.encode(event("c", "JP"))).as("unseen: the other slot").containsExactly(0, 0, 0, w);
            assertThat(schema.encode(event("x", 1))).as("missing: all zeros").containsExactly(0, 0, 0, 0);
        }

        @Test
        void keepASlotForAtMostThirtyTwoValuesAndOnlyForValuesSeenTwiceInALargeTrainingSet() {
            List<FieldValues> rows = new ArrayList<>();
            for (int v = 0; v < 50; v++) {
                for (int r = 0; r < 50 - v; r++) {
                    rows.add(event("c", "v" + v));
                }
            }
            rows.add(event("c", "once"));
            FieldEncoder.Categorical c = (FieldEncoder.Categorical) FieldSchema.fit(rows, declared("c:categorical"))
                    .fields().get(0);

            assertThat(c.values()).hasSize(FieldEncoder.Categorical.MAX_VALUES).startsWith("v0", "v1").doesNotContain("once");
            assertThat(c.slot("v40")).isEqualTo(FieldEncoder.Categorical.MAX_VALUES);
        }

        @Test
        void numbersAndFlagsOfACategoricalFieldReadAsTheirText() {
            FieldSchema schema = FieldSchema.fit(List.of(event("c", "3"), event("c", "true"), event("c", "x")),
                    declared("c:categorical"));

            assertThat(schema.encode(event("c", 3))).containsExactly(schema.encode(event("c", "3")));
            assertThat(schema.encode(event("c", true))).containsExactly(schema.encode(event("c", "true")));
        }
    }

    @Nested
    class FlagsAndText {

        @Test
        void aFlagIsOneOrZeroAndAMissingOneTheTrainingShareOfTrue() {
            List<FieldValues> rows = List.of(event("b", true), event("b", false), event("b", false), event("b", false));
            FieldSchema schema = FieldSchema.fit(rows, declared("b:boolean"));
            double w = schema.fields().get(0).weight();

            assertThat(schema.encode(event("b", true))[0]).isEqualTo((float) w);
            assertThat(schema.encode(event("b", "no"))[0]).isEqualTo(0f);
            assertThat(schema.encode(event("x", 1))[0]).isEqualTo((float) (0.25 * w));
        }

        @Test
        void textIsHashedTokenCountsOfUnitLengthTheSameForTheSameTokensInAnyCaseAndOrder() {
            FieldSchema schema = FieldSchema.fit(List.of(event("t", "gift wrap please"), event("t", "invoice po 7")),
                    declared("t:text"));
            double w = schema.fields().get(0).weight();

            float[] a = schema.encode(event("t", "Gift, wrap please!"));
            float[] b = schema.encode(event("t", "please WRAP gift"));
            assertThat(a).hasSize(FieldEncoder.Text.DEFAULT_BUCKETS).containsExactly(b);
            double norm = 0;
            for (float v : a) {
                norm += v * v;
            }
            assertThat(Math.sqrt(norm)).isCloseTo(w, within(1e-5));
            assertThat(schema.encode(event("t", "invoice po"))).isNotEqualTo(a);
            assertThat(schema.encode(event("t", ""))).containsOnly(0f);
        }

        @Test
        void tokensAreLowerCasedRunsOfLettersAndDigits() {
            assertThat(FieldEncoder.Text.tokens("Gift-wrap, PLEASE: 2x Straße!")).containsExactly("gift", "wrap", "please",
                    "2x", "straße");
        }
    }

    @Nested
    class Weights {

        @Test
        void aOneHotOfFortyCountriesCountsAsMuchAsOneNumberInTheDistanceBetweenTwoRecords() {
            Random random = new Random(11);
            List<FieldValues> rows = new ArrayList<>();
            for (int i = 0; i < 4000; i++) {
                rows.add(event("amount", random.nextGaussian() * 1000, "country", "c" + random.nextInt(40), "flag",
                        random.nextInt(10) == 0));
            }
            FieldSchema schema = FieldSchema.fit(rows, declared("amount:numeric,country:categorical,flag:boolean"));
            float[][] encoded = schema.encodeAll(rows);

            double[] blockDistance = new double[3];
            int[][] blocks = {{0, 1}, {1, 1 + schema.fields().get(1).width()}, {schema.width() - 1, schema.width()}};
            for (int i = 0; i + 1 < encoded.length; i += 2) {
                for (int b = 0; b < 3; b++) {
                    for (int j = blocks[b][0]; j < blocks[b][1]; j++) {
                        double d = encoded[i][j] - encoded[i + 1][j];
                        blockDistance[b] += d * d;
                    }
                }
            }
            for (int b = 0; b < 3; b++) {
                blockDistance[b] /= encoded.length / 2.0;
            }
            // Two records differ by 2 × (total variance 1) per field on average, whatever the field's width.
            assertThat(blockDistance[0]).isCloseTo(2.0, within(0.15));
            assertThat(blockDistance[1]).isCloseTo(2.0, within(0.15));
            assertThat(blockDistance[2]).isCloseTo(2.0, within(0.15));
        }
    }

    @Nested
    class Inference {

        @Test
        void numbersAreNumericFlagsBooleanShortStringsCategoricalAndWordyOrVariedStringsText() {
            List<FieldValues> rows = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                rows.add(event("amount", i * 1.5, "first", i % 3 == 0, "country", "c" + (i % 7), "note",
                        "gift wrap please " + (i % 5), "sku", "sku-" + (i % 150) + "-x" + (i % 2)));
            }
            FieldSchema schema = FieldSchema.fit(rows, FieldsSettings.DEFAULTS);

            assertThat(schema.fields()).extracting(FieldEncoder::name, FieldEncoder::type).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("amount", FieldType.NUMERIC),
                    org.assertj.core.groups.Tuple.tuple("first", FieldType.BOOLEAN),
                    org.assertj.core.groups.Tuple.tuple("country", FieldType.CATEGORICAL),
                    org.assertj.core.groups.Tuple.tuple("note", FieldType.TEXT),
                    org.assertj.core.groups.Tuple.tuple("sku", FieldType.TEXT));
        }

        @Test
        void anIdentifierLikeAConstantOrAnAlwaysMissingFieldIsNoFeatureAndSaysWhy() {
            List<FieldValues> rows = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                rows.add(event("order_id", "o-" + i, "shop", "berlin", "amount", (double) i, "empty", null));
            }
            rows.add(event("empty", null, "amount", 1.0));
            FieldSchema schema = FieldSchema.fit(rows, FieldsSettings.DEFAULTS);

            assertThat(schema.names()).containsExactly("amount");
            assertThat(schema.skipped()).containsOnlyKeys("order_id", "shop");
            assertThat(schema.skipped().get("order_id")).contains("identifier");
            assertThat(schema.skipped().get("shop")).contains("same value");
        }

        @Test
        void fieldsKeepTheOrderTheRecordsHoldThemInEvenWhenTheFirstRecordsMissSome() {
            List<FieldValues> rows = List.of(event("a", 1, "c", 3), event("a", 2, "b", 1, "c", 4), event("d", 1, "a", 5),
                    event("a", 1, "b", 2, "c", 3, "d", 2));

            assertThat(FieldSchema.fit(rows, FieldsSettings.DEFAULTS).names()).containsExactly("d", "a", "b", "c");
        }

        @Test
        void theIdTheLabelAndIgnoredFieldsAreNeverFeatures() {
            List<FieldValues> rows = List.of(event("id", 1.0, "label", "a", "x", 1.0, "secret", 3.0),
                    event("id", 2.0, "label", "b", "x", 2.0, "secret", 4.0));
            FieldSchema schema = FieldSchema.fit(rows, new FieldsSettings(List.of(), "id", "label", Set.of("secret")));

            assertThat(schema.names()).containsExactly("x");
        }

        @Test
        void noEncodableFieldIsAnErrorThatNamesWhatWasSkipped() {
            assertThatThrownBy(() -> FieldSchema.fit(List.of(event("shop", "a"), event("shop", "a")), FieldsSettings.DEFAULTS))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shop");
        }
    }

    @Test
    void theJsonFormKeepsEveryEncoderAndEncodesIdentically() {
        List<FieldValues> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(event("amount", Math.exp(i / 5.0), "country", i % 3 == 0 ? "DE" : "FR", "vip", i % 4 == 0,
                    "note", i % 2 == 0 ? "gift wrap " + i : null, "latency", i % 5 == 0 ? null : (double) i));
        }
        FieldSchema schema = FieldSchema.fit(rows, declared("amount,country,vip,note:text,latency:numeric"));

        FieldSchema read = FieldSchema.fromJson(schema.toJson());

        assertThat(read).isEqualTo(schema);
        assertThat(read.sameEncoding(schema)).isTrue();
        assertThat(read.declaredTypes()).containsExactlyInAnyOrder("note", "latency");
        for (FieldValues row : rows) {
            assertThat(read.encode(row)).containsExactly(schema.encode(row));
        }
    }

    @Test
    void coversAnyTellsWhetherARecordHoldsOneOfTheEncodedFields() {
        FieldSchema schema = FieldSchema.fit(List.of(event("x", 1), event("x", 2)), declared("x"));

        assertThat(schema.coversAny(event("x", 5))).isTrue();
        assertThat(schema.coversAny(event("y", 5))).isFalse();
    }

    private static double variance(double[] values) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return sum / values.length;
    }
}
