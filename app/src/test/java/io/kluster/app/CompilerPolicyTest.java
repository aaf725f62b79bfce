package io.kluster.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CompilerPolicyTest {

    @Test
    void policiesParseIgnoringCaseAndSpace() {
        assertThat(CompilerPolicy.parse(" Training ")).isEqualTo(CompilerPolicy.TRAINING);
        assertThat(CompilerPolicy.parse("ALL")).isEqualTo(CompilerPolicy.ALL);
    }

    @Test
    void theTrainingPolicyAllowsC2OnTheTrainingCodeBeforeItExcludesEverythingElse() {
        String directives = CompilerPolicy.TRAINING.directives();
        int allowed = directives.indexOf("\"Exclude\": false");
        int excluded = directives.indexOf("\"Exclude\": true");
        assertThat(allowed).isPositive().isLessThan(excluded);
        for (String code : CompilerPolicy.TRAINING_CODE) {
            assertThat(directives.indexOf(code)).as(code).isBetween(0, allowed);
        }
        assertThat(directives.substring(allowed)).contains("\"match\": \"*.*\"");
        assertThat(CompilerPolicy.ALL.directives()).isEmpty();
    }

    @Test
    void thisJvmAcceptsTheTrainingDirectivesAndRefusesMalformedOnes() throws Exception {
        int added = CompilerPolicy.addDirectives(CompilerPolicy.TRAINING.directives());
        try {
            assertThat(added).isEqualTo(2);
        } finally {
            for (int i = 0; i < added; i++) {
                CompilerPolicy.removeLatestDirective();
            }
        }
        assertThatThrownBy(() -> CompilerPolicy.addDirectives("[{\"match\": \"*.*\", \"c2\": {\"Exclude\": maybe}}]"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("refused");
    }

    @Test
    void aJvmKeepsThePolicyItWasGivenFirst() {
        // Every instance started in this test JVM runs the default, so ALL is, or now becomes, the policy in force.
        assertThat(CompilerPolicy.ALL.install()).isEqualTo(CompilerPolicy.ALL);
        assertThat(CompilerPolicy.TRAINING.install()).isEqualTo(CompilerPolicy.ALL);
    }

    @Test
    void theConfigurationAcceptsThePoliciesAndRefusesOtherNames() {
        assertThat(new KlusterConfig(java.util.Map.of()).getString(KlusterConfig.JIT_C2)).isEqualTo("all");
        assertThat(new KlusterConfig(java.util.Map.of(KlusterConfig.JIT_C2, "TRAINING")).getString(KlusterConfig.JIT_C2))
                .isEqualToIgnoringCase("training");
        assertThatThrownBy(() -> new KlusterConfig(java.util.Map.of(KlusterConfig.JIT_C2, "c1")))
                .hasMessageContaining(KlusterConfig.JIT_C2);
    }
}
