package io.kluster.cluster;

import java.util.Arrays;

/**
 * The number of clusters a label-free criterion chose, with the criterion's value at every k it tried.
 *
 * @param chosen the chosen number of clusters
 * @param kMin the smallest k tried; {@code curve[i]} is the criterion at {@code k = kMin + i}
 * @param curve the criterion at each k tried, higher is better
 * @param criterion the criterion's name, e.g. {@code stability}
 */
public record KSelection(int chosen, int kMin, double[] curve, String criterion) {

    /** Validates that the chosen k is one that was tried. */
    public KSelection {
        if (curve.length == 0) {
            throw new IllegalArgumentException("a selection needs the criterion at one k at least");
        }
        if (chosen < kMin || chosen >= kMin + curve.length) {
            throw new IllegalArgumentException("chosen k=" + chosen + " is outside the range tried, " + kMin + ".."
                    + (kMin + curve.length - 1));
        }
        curve = curve.clone();
    }

    /** The largest k tried. */
    public int kMax() {
        return kMin + curve.length - 1;
    }

    /** The criterion at {@code k}, which must be in the range tried. */
    public double at(int k) {
        if (k < kMin || k > kMax()) {
            throw new IllegalArgumentException("k=" + k + " was not tried, the range is " + kMin + ".." + kMax());
        }
        return curve[k - kMin];
    }

    /** The criterion at each k tried, a copy. */
    @Override
    public double[] curve() {
        return curve.clone();
    }

    /** The curve as {@code k:value} pairs, e.g. {@code 2:0.912,3:0.981}, for a model's hyper-parameters. */
    public String describeCurve() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < curve.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(kMin + i).append(':').append(String.format(java.util.Locale.ROOT, "%.3f", curve[i]));
        }
        return out.toString();
    }

    /** Equal when the choice, range, criterion and every value are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof KSelection other && chosen == other.chosen && kMin == other.kMin
                && Arrays.equals(curve, other.curve) && criterion.equals(other.criterion);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * chosen + kMin) + Arrays.hashCode(curve)) + criterion.hashCode();
    }

    @Override
    public String toString() {
        return "KSelection[k=" + chosen + " by " + criterion + ", " + describeCurve() + "]";
    }
}
