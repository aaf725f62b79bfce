package io.kluster.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Specification of {@link InputFormat#parse(String)}. */
class InputFormatTest {

    @Test
    void parsesNamesIgnoringCaseAndWhitespace() {
        assertThat(InputFormat.parse("json")).isEqualTo(InputFormat.JSON);
        assertThat(InputFormat.parse("Binary")).isEqualTo(InputFormat.BINARY);
        assertThat(InputFormat.parse(" JSON ")).isEqualTo(InputFormat.JSON);
    }

    @Test
    void unknownNameListsTheValidValues() {
        assertThatThrownBy(() -> InputFormat.parse("xml"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("unknown input format 'xml'; valid values: json, binary, fields");
    }

    @Test
    void nullIsAnUnknownName() {
        assertThatThrownBy(() -> InputFormat.parse(null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("valid values");
    }
}
