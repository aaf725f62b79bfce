package io.kluster.app.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Well-separated labelled groups written as a CSV file, the input of command-level training tests. */
final class BlobsCsv {

    private BlobsCsv() {
    }

    /** {@code n} rows of {@code dimension} features in {@code groups} groups, in {@code dir}. */
    static Path write(Path dir, int dimension, int n, int groups) throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        StringBuilder csv = new StringBuilder();
        for (int j = 0; j < dimension; j++) {
            csv.append("f").append(j).append(',');
        }
        csv.append("label\n");
        for (int i = 0; i < n; i++) {
            int g = i % groups;
            for (int j = 0; j < dimension; j++) {
                csv.append(g * 6 + (j % (g + 2)) + random.nextDouble(-1, 1)).append(',');
            }
            csv.append(g).append('\n');
        }
        Path file = dir.resolve("blobs-" + groups + "-" + dimension + ".csv");
        Files.writeString(file, csv);
        return file;
    }
}
