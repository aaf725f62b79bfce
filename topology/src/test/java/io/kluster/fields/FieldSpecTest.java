package io.kluster.fields;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** How {@code kluster.input.fields} is read. */
class FieldSpecTest {

    @Test
    void namesKeepTheirSpacesAndParenthesesAndTakeAnOptionalType() {
        assertThat(FieldSpec.parseList(" Body Mass (g) , Island:categorical,/user/country, note : text"))
                .containsExactly(new FieldSpec("Body Mass (g)", null), new FieldSpec("Island", FieldType.CATEGORICAL),
                        new FieldSpec("/user/country", null), new FieldSpec("note", FieldType.TEXT));
    }

    @Test
    void onlyATypeAfterTheLastColonIsATypeSoANameMayHoldAColon() {
        assertThat(FieldSpec.parseList("time: 12:30 slot,a:b:numeric")).containsExactly(
                new FieldSpec("time: 12:30 slot", null), new FieldSpec("a:b", FieldType.NUMERIC));
    }

    @Test
    void aMistypedTypeIsAnErrorNotPartOfTheName() {
        assertThatThrownBy(() -> FieldSpec.parseList("amount:numerc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numerc").hasMessageContaining("numeric");
    }

    @Test
    void anEmptyEntryOrARepeatedNameIsAnError() {
        assertThatThrownBy(() -> FieldSpec.parseList("a,,b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldSpec.parseList("a,a:numeric")).hasMessageContaining("twice");
        assertThat(FieldSpec.parseList("  ")).isEmpty();
    }
}
