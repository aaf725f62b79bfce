package io.kluster.fields;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Profiles clusters of named-field events: for each cluster, how far each numeric field's mean
 * lies from the overall mean, and which categories, flag values and text tokens are most
 * over-represented in it, all in standard deviations ({@link ClusterProfile.Contrast}), and a
 * description of the {@value #DESCRIPTION_PARTS} strongest that reach {@value #DESCRIPTION_MIN_STRENGTH}σ.
 */
public final class ClusterProfiler {

    /** Contrasts a description names at most. */
    public static final int DESCRIPTION_PARTS = 3;
    /** Contrasts weaker than this (in σ) stay out of a description, unless none is stronger. */
    public static final double DESCRIPTION_MIN_STRENGTH = 0.5;
    /** Values or tokens of one field a profile lists at most. */
    static final int VALUES_PER_FIELD = 3;
    /** Contrasts a profile lists at most. */
    static final int MAX_CONTRASTS = 12;

    private ClusterProfiler() {
    }

    /**
     * The profile of every cluster that holds one of {@code events}, ordered by cluster id.
     *
     * @param schema the fields to profile and their types
     * @param events the records
     * @param clusters each record's public cluster id
     */
    public static List<ClusterProfile> profile(FieldSchema schema, List<FieldValues> events, int[] clusters) {
        if (events.size() != clusters.length) {
            throw new IllegalArgumentException(events.size() + " events but " + clusters.length + " cluster ids");
        }
        Map<Integer, List<Integer>> members = new TreeMap<>();
        for (int i = 0; i < clusters.length; i++) {
            members.computeIfAbsent(clusters[i], c -> new ArrayList<>()).add(i);
        }
        Map<Integer, List<ClusterProfile.Contrast>> contrasts = new HashMap<>();
        members.keySet().forEach(c -> contrasts.put(c, new ArrayList<>()));
        for (FieldEncoder field : schema.fields()) {
            if (field.type() == FieldType.NUMERIC) {
                numeric(field.name(), events, members, contrasts);
            } else {
                shares(field, events, members, contrasts);
            }
        }
        List<ClusterProfile> out = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> cluster : members.entrySet()) {
            List<ClusterProfile.Contrast> own = new ArrayList<>(contrasts.get(cluster.getKey()));
            own.sort(Comparator.comparingDouble((ClusterProfile.Contrast c) -> -Math.abs(c.strength()))
                    .thenComparing(ClusterProfile.Contrast::field));
            List<ClusterProfile.Contrast> kept = own.subList(0, Math.min(MAX_CONTRASTS, own.size()));
            out.add(new ClusterProfile(cluster.getKey(), cluster.getValue().size(), kept, describe(kept)));
        }
        return out;
    }

    private static String describe(List<ClusterProfile.Contrast> strongestFirst) {
        List<String> parts = new ArrayList<>();
        Set<String> fields = new HashSet<>();
        for (ClusterProfile.Contrast c : strongestFirst) {
            if (parts.size() == DESCRIPTION_PARTS || (!parts.isEmpty() && Math.abs(c.strength()) < DESCRIPTION_MIN_STRENGTH)) {
                break;
            }
            // One phrase per field: "country=DE · country=AT" says less than two fields would.
            if (fields.add(c.field())) {
                parts.add(c.phrase());
            }
        }
        return String.join(" · ", parts);
    }

    private static void numeric(String name, List<FieldValues> events, Map<Integer, List<Integer>> members,
            Map<Integer, List<ClusterProfile.Contrast>> contrasts) {
        double sum = 0;
        double sumSq = 0;
        int n = 0;
        for (FieldValues e : events) {
            double x = FieldType.asNumber(e.get(name));
            if (Double.isFinite(x)) {
                sum += x;
                sumSq += x * x;
                n++;
            }
        }
        if (n < 2) {
            return;
        }
        double mean = sum / n;
        double sd = Math.sqrt(Math.max(0, sumSq / n - mean * mean));
        if (!(sd > 0)) {
            return;
        }
        for (Map.Entry<Integer, List<Integer>> cluster : members.entrySet()) {
            double s = 0;
            int m = 0;
            for (int i : cluster.getValue()) {
                double x = FieldType.asNumber(events.get(i).get(name));
                if (Double.isFinite(x)) {
                    s += x;
                    m++;
                }
            }
            if (m > 0) {
                double clusterMean = s / m;
                contrasts.get(cluster.getKey()).add(new ClusterProfile.Contrast(name, FieldType.NUMERIC, null,
                        clusterMean, mean, (clusterMean - mean) / sd));
            }
        }
    }

    /** Categories, flags and tokens: which values a record has, as a set per record. */
    private static Set<String> valuesOf(FieldEncoder field, Object value) {
        if (value == null) {
            return Set.of();
        }
        return switch (field.type()) {
            case TEXT -> new HashSet<>(FieldEncoder.Text.tokens(FieldType.asText(value)));
            case BOOLEAN -> {
                Boolean b = FieldType.asBoolean(value);
                yield b == null ? Set.of() : Set.of(b.toString());
            }
            default -> Set.of(FieldType.asText(value));
        };
    }

    private static void shares(FieldEncoder field, List<FieldValues> events, Map<Integer, List<Integer>> members,
            Map<Integer, List<ClusterProfile.Contrast>> contrasts) {
        List<Set<String>> perRecord = new ArrayList<>(events.size());
        Map<String, Integer> overall = new HashMap<>();
        for (FieldValues e : events) {
            Set<String> values = valuesOf(field, e.get(field.name()));
            perRecord.add(values);
            values.forEach(v -> overall.merge(v, 1, Integer::sum));
        }
        int n = events.size();
        for (Map.Entry<Integer, List<Integer>> cluster : members.entrySet()) {
            Map<String, Integer> inCluster = new HashMap<>();
            for (int i : cluster.getValue()) {
                perRecord.get(i).forEach(v -> inCluster.merge(v, 1, Integer::sum));
            }
            int m = cluster.getValue().size();
            List<ClusterProfile.Contrast> candidates = new ArrayList<>();
            for (Map.Entry<String, Integer> value : inCluster.entrySet()) {
                double p = (double) overall.get(value.getKey()) / n;
                double q = (double) value.getValue() / m;
                // A token or category seen once in the cluster is an anecdote, not a trait.
                if (q > p && p < 1 && value.getValue() >= 2) {
                    candidates.add(new ClusterProfile.Contrast(field.name(), field.type(), value.getKey(), q, p,
                            (q - p) / Math.sqrt(p * (1 - p))));
                }
            }
            candidates.sort(Comparator.comparingDouble((ClusterProfile.Contrast c) -> -c.strength())
                    .thenComparing(ClusterProfile.Contrast::value));
            contrasts.get(cluster.getKey()).addAll(candidates.subList(0, Math.min(VALUES_PER_FIELD, candidates.size())));
        }
    }
}
