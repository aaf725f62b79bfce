package io.kluster.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.kluster.fields.FieldValues;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The stores' and training topic's form of a waiting record keeps every part, named fields included. */
class PendingRecordSerdeTest {

    private final PendingRecordSerde serde = new PendingRecordSerde();

    private PendingRecord roundTrip(PendingRecord record) {
        return serde.deserializer().deserialize("t", serde.serializer().serialize("t", record));
    }

    @Test
    void aVectorRecordRoundTripsWithoutFields() {
        PendingRecord back = roundTrip(new PendingRecord("a", new float[] {1.5f, -2f}, "7", 42L));

        assertThat(back.id()).isEqualTo("a");
        assertThat(back.features()).containsExactly(1.5f, -2f);
        assertThat(back.label()).isEqualTo("7");
        assertThat(back.timestamp()).isEqualTo(42L);
        assertThat(back.fields()).isNull();
    }

    @Test
    void anEventRoundTripsWithEveryFieldItsTypeAndItsOrder() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("Body Mass (g)", 3750.5);
        values.put("first_order", true);
        values.put("note", "gift wrap, please ✓");
        values.put("/user/country", "DE");
        PendingRecord back = roundTrip(new PendingRecord("o-81", new float[0], null, 9L, new FieldValues(values)));

        assertThat(back.fields()).isEqualTo(new FieldValues(values));
        assertThat(back.fields().values().keySet()).containsExactly("Body Mass (g)", "first_order", "note", "/user/country");
        assertThat(back.label()).isNull();
        assertThat(back.features()).isEmpty();
    }
}
