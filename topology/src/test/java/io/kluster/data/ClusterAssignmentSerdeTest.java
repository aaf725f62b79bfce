package io.kluster.data;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** Specification of the JSON written to the assignments topic. */
class ClusterAssignmentSerdeTest {

    private final ClusterAssignmentSerde serde = new ClusterAssignmentSerde();

    @Test
    void writesSnakeCaseJson() {
        ClusterAssignment assignment = new ClusterAssignment("a1", 3, 0.75f, new float[] {0.25f, 0.75f}, 12L, 0.5f);

        assertThat(new String(serde.serializer().serialize("out", assignment), UTF_8)).isEqualTo(
            "{\"id\":\"a1\",\"cluster\":3,\"confidence\":0.75,\"q\":[0.25,0.75],\"model_version\":12,\"distance\":0.5}");
    }

    @Test
    void omitsQWhenNull() {
        ClusterAssignment assignment = new ClusterAssignment("a1", 0, 1f, null, 1L, 0f);

        assertThat(new String(serde.serializer().serialize("out", assignment), UTF_8))
            .doesNotContain("\"q\"")
            .isEqualTo("{\"id\":\"a1\",\"cluster\":0,\"confidence\":1.0,\"model_version\":1,\"distance\":0.0}");
    }

    @Test
    void roundTripsWithAndWithoutQ() {
        ClusterAssignment withQ = new ClusterAssignment("x", 9, 0.123456f, new float[] {0.1f, 0.2f, 0.7f}, Long.MAX_VALUE, 3.25e-7f);
        ClusterAssignment withoutQ = new ClusterAssignment("y", 2, 0.5f, null, 0L, 12.5f);

        assertThat(roundTrip(withQ)).isEqualTo(withQ);
        assertThat(roundTrip(withoutQ)).isEqualTo(withoutQ);
    }

    @Test
    void roundTripsNonFiniteDistance() {
        ClusterAssignment assignment = new ClusterAssignment("x", 1, Float.NaN, null, 5L, Float.POSITIVE_INFINITY);

        assertThat(roundTrip(assignment)).isEqualTo(assignment);
    }

    @Test
    void mapsNullToNull() {
        assertThat(serde.serializer().serialize("out", null)).isNull();
        assertThat(serde.deserializer().deserialize("out", null)).isNull();
    }

    @Test
    void ignoresUnknownFieldsWhenReading() {
        byte[] json = ("{\"id\":\"a\",\"extra\":{\"n\":[1,2]},\"cluster\":1,\"confidence\":0.5,"
            + "\"model_version\":2,\"distance\":1.5}").getBytes(UTF_8);

        assertThat(serde.deserializer().deserialize("out", json))
            .isEqualTo(new ClusterAssignment("a", 1, 0.5f, null, 2L, 1.5f));
    }

    @Test
    void missingFieldIsASerializationException() {
        byte[] json = "{\"id\":\"a\",\"cluster\":1,\"confidence\":0.5,\"distance\":1.5}".getBytes(UTF_8);

        assertThatThrownBy(() -> serde.deserializer().deserialize("out", json))
            .isInstanceOf(SerializationException.class)
            .hasMessageContaining("model_version");
    }

    @Test
    void malformedJsonIsASerializationException() {
        assertThatThrownBy(() -> serde.deserializer().deserialize("out", "{\"id\":".getBytes(UTF_8)))
            .isInstanceOf(SerializationException.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("out", "[]".getBytes(UTF_8)))
            .isInstanceOf(SerializationException.class);
    }

    @Test
    void comparesQByContent() {
        ClusterAssignment a = new ClusterAssignment("a", 1, 0.5f, new float[] {0.5f, 0.5f}, 1L, 0f);
        ClusterAssignment b = new ClusterAssignment("a", 1, 0.5f, new float[] {0.5f, 0.5f}, 1L, 0f);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    private ClusterAssignment roundTrip(ClusterAssignment assignment) {
        return serde.deserializer().deserialize("out", serde.serializer().serialize("out", assignment));
    }
}
