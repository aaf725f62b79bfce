package io.kluster.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Reject codes are stable kebab-case strings, because dashboards and DLQ tooling match on them. */
class RejectReasonTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(RejectReason.class)
    void codeIsTheKebabCaseName(RejectReason reason) {
        assertThat(reason.code()).isEqualTo(reason.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(RejectReason.class)
    void fromCodeFindsTheReason(RejectReason reason) {
        assertThat(RejectReason.fromCode(reason.code())).isSameAs(reason);
    }

    @Test
    void hasExactlyTheDocumentedCodes() {
        assertThat(Arrays.stream(RejectReason.values()).map(RejectReason::code)).containsExactly(
            "empty-value", "oversized", "invalid-json", "not-an-object", "missing-id",
            "missing-features", "non-numeric-feature", "non-finite-feature", "too-deep",
            "bad-binary-length", "wrong-dimension", "too-many-features", "bad-label", "wrong-field-type",
            "no-usable-feature");
    }

    @Test
    void fromCodeRejectsUnknownCodes() {
        assertThatThrownBy(() -> RejectReason.fromCode("EMPTY_VALUE"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("EMPTY_VALUE");
    }
}
