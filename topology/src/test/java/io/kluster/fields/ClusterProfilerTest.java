package io.kluster.fields;

import static io.kluster.fields.FieldSchemaTest.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What a cluster's profile says: the fields that set it apart, in standard deviations, and a short description. */
class ClusterProfilerTest {

    /** Cluster 4: big spenders from DE with gift notes; cluster 9: small spenders from FR and NL. */
    private static List<FieldValues> events(Random random, int[] clusters) {
        List<FieldValues> events = new ArrayList<>();
        for (int i = 0; i < clusters.length; i++) {
            boolean big = i % 2 == 0;
            clusters[i] = big ? 4 : 9;
            events.add(event("amount", (big ? 100 : 10) + random.nextGaussian(), "country",
                    big ? (i % 10 == 0 ? "FR" : "DE") : (i % 4 == 1 ? "FR" : "NL"), "vip", big && i % 3 == 0,
                    "note", (big ? "gift wrap please r" : "ship fast now r") + i % 13, "noise", random.nextGaussian()));
        }
        return events;
    }

    @Test
    void aNumbersContrastIsItsClusterMeanAgainstTheOverallMeanInOverallStandardDeviations() {
        int[] clusters = new int[400];
        List<FieldValues> events = events(new Random(1), clusters);
        FieldSchema schema = FieldSchema.fit(events, FieldsSettings.DEFAULTS);

        ClusterProfile big = ClusterProfiler.profile(schema, events, clusters).get(0);

        ClusterProfile.Contrast amount = big.contrasts().stream().filter(c -> c.field().equals("amount")).findFirst()
                .orElseThrow();
        assertThat(big.cluster()).isEqualTo(4);
        assertThat(big.size()).isEqualTo(200);
        assertThat(amount.inCluster()).isCloseTo(100, within(0.5));
        assertThat(amount.overall()).isCloseTo(55, within(0.5));
        // Two equal halves 90 apart: the overall standard deviation is 45, the cluster lies one of it above.
        assertThat(amount.strength()).isCloseTo(1.0, within(0.02));
    }

    @Test
    void categoriesFlagsAndTokensListTheValuesMostOverRepresentedInTheCluster() {
        int[] clusters = new int[400];
        List<FieldValues> events = events(new Random(2), clusters);
        FieldSchema schema = FieldSchema.fit(events, FieldsSettings.DEFAULTS);

        List<ClusterProfile> profiles = ClusterProfiler.profile(schema, events, clusters);

        ClusterProfile small = profiles.get(1);
        assertThat(small.contrasts()).extracting(ClusterProfile.Contrast::field, ClusterProfile.Contrast::value)
                .contains(org.assertj.core.groups.Tuple.tuple("country", "NL"),
                        org.assertj.core.groups.Tuple.tuple("note", "fast"),
                        org.assertj.core.groups.Tuple.tuple("vip", "false"))
                .doesNotContain(org.assertj.core.groups.Tuple.tuple("country", "DE"));
        ClusterProfile.Contrast nl = small.contrasts().stream().filter(c -> "NL".equals(c.value())).findFirst()
                .orElseThrow();
        // Half the small spenders come from NL, a quarter of everyone.
        assertThat(nl.inCluster()).isCloseTo(0.5, within(1e-9));
        assertThat(nl.overall()).isCloseTo(0.25, within(1e-9));
        assertThat(nl.strength()).isCloseTo((0.5 - 0.25) / Math.sqrt(0.25 * 0.75), within(1e-9));
        assertThat(small.contrasts()).as("strongest first")
                .isSortedAccordingTo((a, b) -> Double.compare(Math.abs(b.strength()), Math.abs(a.strength())));
    }

    @Test
    void theDescriptionNamesTheStrongestFewFieldsOnceEachAndLeavesNoiseOut() {
        int[] clusters = new int[400];
        List<FieldValues> events = events(new Random(3), clusters);
        FieldSchema schema = FieldSchema.fit(events, FieldsSettings.DEFAULTS);

        String big = ClusterProfiler.profile(schema, events, clusters).get(0).description();

        assertThat(big.split(" · ")).hasSizeLessThanOrEqualTo(ClusterProfiler.DESCRIPTION_PARTS);
        assertThat(big).contains("country=DE").doesNotContain("noise").doesNotContain("country=FR");
        assertThat(big).containsAnyOf("note~gift", "note~wrap", "note~please", "amount +1.0σ");
    }

    @Test
    void aClusterLikeTheWholeHasNoStrongContrastButStillItsStrongestOne() {
        Random random = new Random(4);
        List<FieldValues> events = new ArrayList<>();
        int[] clusters = new int[300];
        for (int i = 0; i < clusters.length; i++) {
            events.add(event("x", random.nextGaussian(), "y", random.nextGaussian()));
            clusters[i] = i % 2;
        }
        FieldSchema schema = FieldSchema.fit(events, FieldsSettings.DEFAULTS);

        ClusterProfile profile = ClusterProfiler.profile(schema, events, clusters).get(0);

        assertThat(profile.description().split(" · ")).hasSize(1);
        assertThat(Math.abs(profile.contrasts().get(0).strength())).isLessThan(ClusterProfiler.DESCRIPTION_MIN_STRENGTH);
    }
}
