package io.kluster.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** What producers write is exactly what {@link RecordParser} reads back. */
class FeatureRecordCodecTest {

    private final RecordParser parser = RecordParser.builder().build();

    @Test
    void writesCompactJson() {
        FeatureRecord record = new FeatureRecord("a\"1", new float[] {0.5f, -1f}, "7");

        assertThat(new String(FeatureRecordCodec.toJson(record), UTF_8))
            .isEqualTo("{\"id\":\"a\\\"1\",\"features\":[0.5,-1.0],\"label\":\"7\"}");
    }

    @Test
    void omitsANullLabel() {
        assertThat(new String(FeatureRecordCodec.toJson(new FeatureRecord("a", new float[] {1f})), UTF_8))
            .isEqualTo("{\"id\":\"a\",\"features\":[1.0]}");
    }

    @Test
    void jsonRoundTripsThroughTheParserExactly() {
        FeatureRecord record = new FeatureRecord("x-42",
            new float[] {0.1f, 1f / 3f, Float.MAX_VALUE, Float.MIN_VALUE, -0f, 1e-20f}, "T-shirt");

        ParseResult result = parser.parse(null, FeatureRecordCodec.toJson(record));

        assertThat(result).isEqualTo(new ParseResult.Valid(record));
    }

    @Test
    void refusesToWriteNonFiniteFeaturesAsJson() {
        FeatureRecord record = new FeatureRecord("a", new float[] {1f, Float.NaN});

        assertThatThrownBy(() -> FeatureRecordCodec.toJson(record))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("features[1]");
    }

    @Test
    void writesBinaryAsLittleEndianFloat32() {
        byte[] bytes = FeatureRecordCodec.toBinary(new float[] {1f, -2.5f});

        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes).hasSize(8);
        assertThat(buffer.getFloat()).isEqualTo(1f);
        assertThat(buffer.getFloat()).isEqualTo(-2.5f);
    }

    @Test
    void jsonSerdeRoundTrips() {
        FeatureRecord record = new FeatureRecord("r", new float[] {3f, 4f}, "cat");
        try (Serde<FeatureRecord> serde = FeatureRecordCodec.jsonSerde()) {
            byte[] bytes = serde.serializer().serialize("input", record);

            assertThat(serde.deserializer().deserialize("input", bytes)).isEqualTo(record);
        }
    }

    @Test
    void jsonSerdeMapsNullToNull() {
        try (Serde<FeatureRecord> serde = FeatureRecordCodec.jsonSerde()) {
            assertThat(serde.serializer().serialize("input", null)).isNull();
            assertThat(serde.deserializer().deserialize("input", null)).isNull();
        }
    }

    @Test
    void jsonSerdeReportsRejectionsAsSerializationExceptions() {
        try (Serde<FeatureRecord> serde = FeatureRecordCodec.jsonSerde()) {
            assertThatThrownBy(() -> serde.deserializer().deserialize("input", "{\"features\":[1]}".getBytes(UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("missing-id");
            assertThatThrownBy(() -> serde.serializer().serialize("input", new FeatureRecord("a", new float[] {Float.NaN})))
                .isInstanceOf(SerializationException.class);
        }
    }
}
