package io.kluster.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.floats;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Properties of the record parser, checked on generated inputs (QuickTheories, fixed seed, so a
 * failure replays the same way): whatever the bytes it answers and never throws; a valid record,
 * however it is laid out, parses to exactly its id and features; a record with one thing wrong
 * is rejected for that reason.
 */
class RecordParserPropertiesTest {

    private static final long SEED = 20_261_123L;
    private static final int EXAMPLES = 2_000;
    private static final int MAX_DIMENSION = 48;

    /** Any finite float, extremes, subnormals and negative zero included. */
    private static final Gen<Float> FINITE = floats().any()
            .map(f -> Float.isFinite(f) ? f : Float.isNaN(f) ? 1.5f : Math.copySign(Float.MAX_VALUE, f))
            .mix(Generate.pick(List.of(Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, Float.MIN_NORMAL, -0.0f, 0f)), 10);
    private static final Gen<float[]> FEATURES = lists().of(FINITE).ofSizeBetween(1, MAX_DIMENSION)
            .map(RecordParserPropertiesTest::toArray).describedAs(java.util.Arrays::toString);
    /** Ids of any characters but surrogates, control characters included (they travel escaped). */
    private static final Gen<String> IDS = strings().betweenCodePoints(0x01, 0xD7FF).ofLengthBetween(1, 24);
    /** Drives the layout of a record: whitespace, field order, number spelling, unknown fields, label. */
    private static final Gen<Long> LAYOUTS = longs().all();

    private static QuickTheory theory() {
        return qt().withFixedSeed(SEED).withExamples(EXAMPLES);
    }

    @Test
    void anyBytesGetAnAnswerAndNeverAnException() {
        Gen<byte[]> bytes = Generate.byteArrays(integers().between(0, 256),
                Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0));
        for (InputFormat format : InputFormat.values()) {
            RecordParser parser = RecordParser.builder().format(format).maxValueBytes(200).maxFeatures(32).build();
            theory().forAll(bytes, bytes.mix(Generate.constant((byte[]) null), 20))
                    .check((value, key) -> parser.parse(key, value) != null);
        }
    }

    @Test
    void anyValidJsonRecordParsesToExactlyItsIdAndFeatures() {
        theory().forAll(IDS, FEATURES, LAYOUTS).checkAssert((id, features, layout) -> {
            RecordParser parser = RecordParser.builder().expectedDimension(features.length).build();
            String json = new JsonRecord(id, features, layout).toJson();

            ParseResult result = parser.parse(null, json.getBytes(UTF_8));
            assertThat(result).as("parse of %s", json).isInstanceOf(ParseResult.Valid.class);
            FeatureRecord record = ((ParseResult.Valid) result).record();
            assertThat(record.id()).isEqualTo(id);
            // Bit for bit: every float spelled in decimal must come back as the same float.
            assertThat(record.features()).as("features of %s", json).containsExactly(features);
        });
    }

    @Test
    void anyValidBinaryRecordParsesToExactlyItsFeatures() {
        theory().forAll(IDS, FEATURES).checkAssert((id, features) -> {
            RecordParser parser = RecordParser.builder().format(InputFormat.BINARY).expectedDimension(features.length).build();

            ParseResult result = parser.parse(id.getBytes(UTF_8), littleEndian(features));
            assertThat(result).isInstanceOf(ParseResult.Valid.class);
            assertThat(((ParseResult.Valid) result).record().id()).isEqualTo(id);
            assertThat(((ParseResult.Valid) result).record().features()).containsExactly(features);
        });
    }

    @Test
    void aJsonRecordWithOneNonFiniteOrOverflowingFeatureIsRejectedAsNonFinite() {
        Gen<String> nonFinite = Generate.pick(List.of("NaN", "Infinity", "-Infinity", "+Infinity", "1e39", "-3.5e38",
                "1e400", "-1e400", "9".repeat(40), "-" + "9".repeat(60), "340282356779733661637539395458142568448"));
        theory().forAll(FEATURES, LAYOUTS, nonFinite).checkAssert((features, layout, bad) ->
                assertRejected(features.length, new JsonRecord("r", features, layout).withFeature(index(layout, features), bad),
                        RejectReason.NON_FINITE_FEATURE));
    }

    @Test
    void aJsonRecordWithOneNonNumericFeatureIsRejectedAsNonNumeric() {
        Gen<String> nonNumeric = Generate.pick(List.of("\"1.5\"", "\"NaN\"", "true", "false", "null", "[1]", "[]",
                "{\"v\": 1}", "{}", "\"\""));
        theory().forAll(FEATURES, LAYOUTS, nonNumeric).checkAssert((features, layout, bad) ->
                assertRejected(features.length, new JsonRecord("r", features, layout).withFeature(index(layout, features), bad),
                        RejectReason.NON_NUMERIC_FEATURE));
    }

    @Test
    void aRecordOfAnotherDimensionIsRejectedAsWrongDimensionInBothFormats() {
        theory().forAll(FEATURES, LAYOUTS, integers().between(1, MAX_DIMENSION)).checkAssert((features, layout, expected) -> {
            if (expected == features.length) {
                expected = features.length + 1;
            }
            assertRejected(expected, new JsonRecord("r", features, layout).toJson(), RejectReason.WRONG_DIMENSION);
            RecordParser binary = RecordParser.builder().format(InputFormat.BINARY).expectedDimension(expected).build();
            ParseResult result = binary.parse("r".getBytes(UTF_8), littleEndian(features));
            assertThat(result).isInstanceOf(ParseResult.Rejected.class);
            assertThat(((ParseResult.Rejected) result).reason()).isEqualTo(RejectReason.WRONG_DIMENSION);
        });
    }

    @Test
    void aBinaryRecordWithAnyNanOrInfinityBitPatternIsRejectedAsNonFinite() {
        // Exponent all ones: infinities and every NaN payload, quiet or signalling, of either sign.
        Gen<Integer> nonFiniteBits = integers().between(0, (1 << 23) - 1).zip(Generate.booleans(),
                (mantissa, negative) -> (negative ? 0x80000000 : 0) | 0x7F800000 | mantissa);
        theory().forAll(FEATURES, nonFiniteBits, LAYOUTS).checkAssert((features, bits, layout) -> {
            byte[] value = littleEndian(features);
            ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN).putInt(Float.BYTES * index(layout, features), bits);
            ParseResult result = RecordParser.builder().format(InputFormat.BINARY).build().parse("r".getBytes(UTF_8), value);
            assertThat(result).isInstanceOf(ParseResult.Rejected.class);
            assertThat(((ParseResult.Rejected) result).reason()).isEqualTo(RejectReason.NON_FINITE_FEATURE);
        });
    }

    @Test
    void aBinaryValueThatIsNotWholeFloatsIsRejectedForItsLength() {
        theory().forAll(FEATURES, integers().between(1, 3)).checkAssert((features, extra) -> {
            byte[] whole = littleEndian(features);
            byte[] value = java.util.Arrays.copyOf(whole, whole.length + extra);
            ParseResult result = RecordParser.builder().format(InputFormat.BINARY).build().parse("r".getBytes(UTF_8), value);
            assertThat(((ParseResult.Rejected) result).reason()).isEqualTo(RejectReason.BAD_BINARY_LENGTH);
        });
    }

    private static void assertRejected(int expectedDimension, String json, RejectReason reason) {
        RecordParser parser = RecordParser.builder().expectedDimension(expectedDimension).build();
        ParseResult result = parser.parse(null, json.getBytes(UTF_8));
        assertThat(result).as("parse of %s", json).isInstanceOf(ParseResult.Rejected.class);
        assertThat(((ParseResult.Rejected) result).reason()).as("reason for %s", json).isEqualTo(reason);
    }

    private static int index(long layout, float[] features) {
        return (int) Math.floorMod(layout, (long) features.length);
    }

    private static byte[] littleEndian(float[] features) {
        ByteBuffer buffer = ByteBuffer.allocate(features.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : features) {
            buffer.putFloat(f);
        }
        return buffer.array();
    }

    private static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /**
     * A record written the way any producer might: fields in any order, any whitespace between
     * tokens, numbers spelled shortest, exact-decimal or as integers, unknown fields of every
     * JSON type, and a label or not; all chosen by the layout seed.
     */
    private static final class JsonRecord {
        private static final String[] SPACE = {"", " ", "  ", "\n", "\t", "\r\n", " \n\t "};

        private final String id;
        private final List<String> featureTexts = new ArrayList<>();
        private final SplittableRandom random;

        JsonRecord(String id, float[] features, long layout) {
            this.id = id;
            this.random = new SplittableRandom(layout);
            for (float f : features) {
                featureTexts.add(spell(f));
            }
        }

        /** The same record with feature {@code index} spelled {@code text}. */
        String withFeature(int index, String text) {
            featureTexts.set(index, text);
            return toJson();
        }

        String toJson() {
            List<String> fields = new ArrayList<>();
            fields.add(quote("id") + ws() + ":" + ws() + quote(id));
            fields.add(quote("features") + ws() + ":" + ws() + "[" + ws()
                    + String.join(ws() + "," + ws(), featureTexts) + ws() + "]");
            if (random.nextBoolean()) {
                fields.add(quote("label") + ws() + ":" + ws() + (random.nextBoolean() ? Integer.toString(random.nextInt(-5, 100))
                        : quote("class-" + random.nextInt(10))));
            }
            for (int n = random.nextInt(4); n > 0; n--) {
                fields.add(quote("extra_" + random.nextInt(1000) + "_" + n) + ws() + ":" + ws() + unknownValue(0));
            }
            Collections.shuffle(fields, new java.util.Random(random.nextLong()));
            return ws() + "{" + ws() + String.join(ws() + "," + ws(), fields) + ws() + "}" + ws();
        }

        private String spell(float f) {
            if (Float.floatToIntBits(f) == Float.floatToIntBits(-0.0f)) {
                return "-0.0"; // BigDecimal has no negative zero, and "-0" is the integer 0
            }
            if (f == Math.rint(f) && Math.abs(f) < 1e15 && !(f == 0 && 1 / f < 0) && random.nextInt(3) == 0) {
                return Long.toString((long) f);
            }
            return switch (random.nextInt(3)) {
                case 0 -> Float.toString(f);
                case 1 -> new BigDecimal(f).toPlainString();
                default -> new BigDecimal(f).toString();
            };
        }

        private String unknownValue(int depth) {
            int kind = depth > 2 ? random.nextInt(5) : random.nextInt(7);
            return switch (kind) {
                case 0 -> "null";
                case 1 -> random.nextBoolean() ? "true" : "false";
                case 2 -> Double.toString(random.nextDouble(-1e6, 1e6));
                case 3 -> quote("text " + random.nextInt());
                case 4 -> Long.toString(random.nextLong());
                case 5 -> "[" + unknownValue(depth + 1) + "," + ws() + unknownValue(depth + 1) + "]";
                default -> "{" + quote("nested") + ":" + unknownValue(depth + 1) + "}";
            };
        }

        private String ws() {
            return SPACE[random.nextInt(SPACE.length)];
        }

        private static String quote(String text) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : text.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20 || c > 0x7E) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.append('"').toString();
        }
    }

    /** Field names of any printable characters, spaces, parentheses and colons included. */
    private static final Gen<String> FIELD_NAMES = strings().betweenCodePoints(0x20, 0x2FF).ofLengthBetween(1, 12)
            .map(n -> n.startsWith("/") ? "x" + n : n);
    /** A field's value: a finite double, a boolean or a string. */
    private static final Gen<Object> FIELD_VALUES = longs().all().map(seed -> {
        SplittableRandom random = new SplittableRandom(seed);
        return switch (random.nextInt(3)) {
            case 0 -> (Object) (random.nextBoolean() ? random.nextDouble(-1e6, 1e6) : (double) random.nextInt(-50, 50));
            case 1 -> (Object) random.nextBoolean();
            default -> (Object) ("v" + Long.toHexString(random.nextLong()).substring(0, 1 + random.nextInt(8)));
        };
    });

    @Test
    void aNamedFieldEventParsesToExactlyItsScalarFieldsWhateverTheirNamesOrderAndTypes() {
        RecordParser parser = RecordParser.builder().format(InputFormat.FIELDS).build();
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        theory().forAll(lists().of(FIELD_NAMES).ofSizeBetween(1, 12), lists().of(FIELD_VALUES).ofSize(12), IDS)
                .check((names, values, id) -> {
                    java.util.Map<String, Object> expected = new java.util.LinkedHashMap<>();
                    com.fasterxml.jackson.databind.node.ObjectNode event = json.createObjectNode();
                    event.put("id", id);
                    for (int i = 0; i < names.size(); i++) {
                        String name = names.get(i);
                        if (name.equals("id") || name.equals("label") || expected.containsKey(name)) {
                            continue;
                        }
                        Object v = values.get(i);
                        expected.put(name, v);
                        if (v instanceof Double d) {
                            event.put(name, d);
                        } else if (v instanceof Boolean b) {
                            event.put(name, b);
                        } else {
                            event.put(name, (String) v);
                        }
                    }
                    event.putArray("ignored nested").add(1).addObject().put("deep", "x");
                    ParseResult result;
                    try {
                        result = parser.parse(null, json.writeValueAsBytes(event));
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        return false;
                    }
                    if (expected.isEmpty()) {
                        return result instanceof ParseResult.Rejected r && r.reason() == RejectReason.NO_USABLE_FEATURE;
                    }
                    return result instanceof ParseResult.Valid v && v.record().id().equals(id)
                            && v.record().fields().values().equals(expected)
                            && List.copyOf(v.record().fields().values().keySet()).equals(List.copyOf(expected.keySet()));
                });
    }
}
