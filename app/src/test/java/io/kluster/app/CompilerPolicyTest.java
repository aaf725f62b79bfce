package io.kluster.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CompilerPolicyTest {

    @Test
    void autoKeepsC2ForTheTrainingCodeOnlyOnHostsOfTwoProcessorsOrFewer() {
        assertThat(CompilerPolicy.AUTO.resolve(1)).isEqualTo(CompilerPolicy.TRAINING);
        assertThat(CompilerPolicy.AUTO.resolve(2)).isEqualTo(CompilerPolicy.TRAINING);
        assertThat(CompilerPolicy.AUTO.resolve(3)).isEqualTo(CompilerPolicy.ALL);
        assertThat(CompilerPolicy.AUTO.resolve(64)).isEqualTo(CompilerPolicy.ALL);
    }

    @Test
    void anExplicitPolicyHoldsWhateverTheHost() {
        assertThat(CompilerPolicy.ALL.resolve(1)).isEqualTo(CompilerPolicy.ALL);
        assertThat(CompilerPolicy.TRAINING.resolve(64)).isEqualTo(CompilerPolicy.TRAINING);
        assertThat(CompilerPolicy.parse(" Training ")).isEqualTo(CompilerPolicy.TRAINING);
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
        assertThatThrownBy(CompilerPolicy.AUTO::directives).isInstanceOf(IllegalStateException.class);
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
    void theConfigurationAcceptsThePoliciesAndRefusesOtherNames() {
        assertThat(new KlusterConfig(java.util.Map.of()).getString(KlusterConfig.JIT_C2)).isEqualTo("auto");
        assertThat(new KlusterConfig(java.util.Map.of(KlusterConfig.JIT_C2, "TRAINING")).getString(KlusterConfig.JIT_C2))
                .isEqualToIgnoringCase("training");
        assertThatThrownBy(() -> new KlusterConfig(java.util.Map.of(KlusterConfig.JIT_C2, "c1")))
                .hasMessageContaining(KlusterConfig.JIT_C2);
    }
}
