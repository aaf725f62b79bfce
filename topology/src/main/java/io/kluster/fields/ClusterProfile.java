package io.kluster.fields;

import java.util.List;

/**
 * What sets one cluster apart, in the fields of its records: every contrast against all records,
 * strongest first, and a short description made from the strongest few.
 *
 * @param cluster the public cluster id
 * @param size the cluster's records among those profiled
 * @param contrasts the cluster's contrasts, strongest first
 * @param description e.g. {@code Island=Biscoe · Flipper Length (mm) +1.3σ}
 */
public record ClusterProfile(int cluster, int size, List<Contrast> contrasts, String description) {

    /** Copies the contrasts. */
    public ClusterProfile {
        contrasts = List.copyOf(contrasts);
    }

    /**
     * One field's difference between the cluster and all records, in standard deviations of the
     * field over all records: for a number, of its values; for a category, a flag or a text token,
     * of the 0/1 indicator of that value ({@code (share in cluster − share overall) / √(p(1 − p))}).
     *
     * @param field the field's name
     * @param type the field's type
     * @param value the category, flag value or token; null for a number
     * @param inCluster the cluster's mean (number) or share of records with the value
     * @param overall the same over all records
     * @param strength the difference in standard deviations, signed
     */
    public record Contrast(String field, FieldType type, String value, double inCluster, double overall,
            double strength) {

        /** How the contrast reads in a description: {@code amount +1.3σ}, {@code country=DE}, {@code note~gift}. */
        public String phrase() {
            return switch (type) {
                case NUMERIC -> field + " " + String.format(java.util.Locale.ROOT, "%+.1fσ", strength);
                case TEXT -> field + "~" + value;
                case CATEGORICAL, BOOLEAN -> field + "=" + value;
            };
        }
    }
}
