package io.kluster.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The parser never throws, whatever the bytes, and its builder rejects nonsense settings. */
class RecordParserRobustnessTest {

    private static final String SEED_JSON =
        "{\"id\":\"a-1\",\"features\":[0.5,-1,2e-3,NaN],\"label\":7,\"x\":{\"y\":[true,null,\"s\"]}}";

    @ParameterizedTest(name = "{0}")
    @EnumSource(InputFormat.class)
    void neverThrowsOnRandomBytes(InputFormat format) {
        RecordParser parser = RecordParser.builder().format(format).maxValueBytes(4096).build();
        Random random = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            byte[] value = new byte[random.nextInt(64)];
            random.nextBytes(value);
            byte[] key = random.nextBoolean() ? null : new byte[] {(byte) random.nextInt()};

            assertThat(parser.parse(key, value)).isNotNull();
        }
    }

    @Test
    void neverThrowsOnMutatedJson() {
        RecordParser parser = RecordParser.builder().maxFeatures(8).expectedDimension(4).build();
        byte[] seed = SEED_JSON.getBytes(UTF_8);
        byte[] alphabet = "{}[]\",:0123456789.eE-+ NaInfytrulsx\\\u0000".getBytes(UTF_8);
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] value = seed.clone();
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(value.length);
                value[at] = random.nextInt(8) == 0 ? (byte) random.nextInt() : alphabet[random.nextInt(alphabet.length)];
            }
            byte[] truncated = java.util.Arrays.copyOf(value, random.nextInt(value.length + 1));

            assertThat(parser.parse(null, value)).isNotNull();
            assertThat(parser.parse("k".getBytes(UTF_8), truncated)).isNotNull();
        }
    }

    @Test
    void neverThrowsOnPathologicalNesting() {
        RecordParser parser = RecordParser.builder().build();
        byte[] value = ("{\"x\":" + "[".repeat(100_000)).getBytes(UTF_8);

        assertThat(((ParseResult.Rejected) parser.parse(null, value)).reason()).isEqualTo(RejectReason.TOO_DEEP);
    }

    @Test
    void tooDeepMessageNamesTheLimit() {
        RecordParser parser = RecordParser.builder().build();
        byte[] value = ("{\"x\":" + "{\"x\":".repeat(40)).getBytes(UTF_8);

        assertThat(((ParseResult.Rejected) parser.parse(null, value)).message())
            .isEqualTo("JSON nests deeper than 32 levels");
    }

    @Test
    void defaultsMatchTheDocumentation() {
        RecordParser parser = RecordParser.builder().build();

        assertThat(parser.format()).isEqualTo(InputFormat.JSON);
        assertThat(parser.maxValueBytes()).isEqualTo(1_048_576);
        assertThat(parser.maxFeatures()).isEqualTo(65_536);
        assertThat(parser.expectedDimension()).isZero();
    }

    @Test
    void builderRejectsNonPositiveLimits() {
        assertThatThrownBy(() -> RecordParser.builder().maxValueBytes(0))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxValueBytes");
        assertThatThrownBy(() -> RecordParser.builder().maxFeatures(-1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFeatures");
        assertThatThrownBy(() -> RecordParser.builder().expectedDimension(-1))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expectedDimension");
        assertThatThrownBy(() -> RecordParser.builder().format(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void builderRejectsAnExpectedDimensionAboveMaxFeatures() {
        assertThatThrownBy(() -> RecordParser.builder().maxFeatures(10).expectedDimension(11).build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("expectedDimension 11 exceeds maxFeatures 10");
    }
}
