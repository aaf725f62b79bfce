package io.kluster.app.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kluster.model.ModelBundle;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a model's k was chosen (kluster.k=auto), as its hyper-parameters record it: the criterion, the
 * range tried and the criterion's value at each k.
 *
 * @param k the chosen number of clusters
 * @param criterion the criterion's name, e.g. stability
 * @param range the range tried, e.g. {@code 2..30}
 * @param curve the criterion at each k tried, in order of k
 */
record ChosenK(int k, String criterion, String range, Map<Integer, Double> curve) {

    /** The choice recorded in {@code bundle}, or null for a model trained with a fixed k. */
    static ChosenK of(ModelBundle bundle) {
        Map<String, String> hyper = bundle.hyperParameters();
        String criterion = hyper.get("k_selection");
        String curve = hyper.get("k_curve");
        if (criterion == null || curve == null) {
            return null;
        }
        Map<Integer, Double> values = new LinkedHashMap<>();
        for (String point : curve.split(",")) {
            String[] kv = point.split(":");
            values.put(Integer.parseInt(kv[0]), Double.parseDouble(kv[1]));
        }
        return new ChosenK(bundle.k(), criterion, hyper.get("k_range"), Map.copyOf(values));
    }

    /** One line for a report, e.g. {@code k chosen        7 by stability in 2..30 (0.982; 6: 0.913, 8: 0.861)}. */
    void print(PrintStream out) {
        StringBuilder neighbours = new StringBuilder();
        for (int other : new int[] {k - 1, k + 1}) {
            Double value = curve.get(other);
            if (value != null) {
                neighbours.append(neighbours.isEmpty() ? "; " : ", ").append(other).append(": ")
                        .append(String.format("%.3f", value));
            }
        }
        out.printf("  k chosen          %d by %s in %s (%.3f%s)%n", k, criterion, range, curve.get(k), neighbours);
    }

    /** Adds {@code k_selection} (criterion, range, curve by k) to a JSON summary. */
    void writeTo(ObjectNode json) {
        ObjectNode choice = json.putObject("k_selection");
        choice.put("criterion", criterion);
        choice.put("range", range);
        ObjectNode values = choice.putObject("curve");
        curve.keySet().stream().sorted().forEach(k -> values.put(String.valueOf(k), curve.get(k)));
    }
}
