package io.kluster.manifold;

import java.util.SplittableRandom;

/**
 * A broad group (600 points, standard deviation 1) with two small tight ones (60 points each, 0.15) four
 * units to either side, in a plane: k-means, which favours parts of equal spread, halves the broad group
 * and joins the small ones to its halves, while each point's neighbours lie in its own group.
 *
 * @param points the 720 points
 * @param labels each point's group: 0 the broad one, 1 and 2 the small ones
 */
public record UnevenGroups(float[][] points, int[] labels) {

    /** The groups, sampled with {@code seed}. */
    public static UnevenGroups of(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] points = new float[720][];
        int[] labels = new int[points.length];
        for (int i = 0; i < points.length; i++) {
            labels[i] = i < 600 ? 0 : i < 660 ? 1 : 2;
            double spread = labels[i] == 0 ? 1 : 0.15;
            double centre = labels[i] == 0 ? 0 : labels[i] == 1 ? 4 : -4;
            points[i] = new float[] {(float) (centre + spread * random.nextGaussian()), (float) (spread * random.nextGaussian())};
        }
        return new UnevenGroups(points, labels);
    }
}
