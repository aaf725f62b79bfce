package io.kluster.app.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.kluster.app.CliRun;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate --plot}: a PNG of the clustering, with sample images when records are images. */
class EvaluatePlotTest {

    @TempDir
    Path dir;

    @Test
    void drawsEveryClusterInItsColourAndARowOfSampleImagesPerCluster() throws IOException {
        Path data = BlobsCsv.write(dir, 16, 300, 3);
        Path png = dir.resolve("plots/clusters.png");

        trainAndPlot(data, png);

        BufferedImage picture = ImageIO.read(png.toFile());
        assertThat(picture.getWidth()).isGreaterThanOrEqualTo(ClusteringPlot.WIDTH);
        assertThat(picture.getHeight()).as("scatter plus a row of 4x4 images per cluster")
                .isGreaterThan(ClusteringPlot.SCATTER_HEIGHT + 3 * 8);
        Color[] palette = ClusteringPlot.palette(3);
        for (Color colour : palette) {
            assertThat(pixelsOf(picture, colour, 0, ClusteringPlot.SCATTER_HEIGHT))
                    .as("points drawn in %s", colour).isGreaterThan(20);
        }
        assertThat(pixelsOf(picture, ClusteringPlot.palette(4)[3], 0, ClusteringPlot.SCATTER_HEIGHT))
                .as("no fourth cluster").isZero();
    }

    @Test
    void recordsThatAreNotImagesGetTheScatterPlotOnly() throws IOException {
        Path data = BlobsCsv.write(dir, 5, 200, 2);
        Path png = dir.resolve("clusters.png");

        trainAndPlot(data, png);

        BufferedImage picture = ImageIO.read(png.toFile());
        assertThat(picture.getHeight()).isEqualTo(ClusteringPlot.SCATTER_HEIGHT);
        assertThat(pixelsOf(picture, ClusteringPlot.palette(2)[1], 0, picture.getHeight())).isGreaterThan(20);
    }

    private void trainAndPlot(Path data, Path png) {
        Path model = dir.resolve("model");
        int k = data.getFileName().toString().contains("-3-") ? 3 : 2;
        assertThat(run("train", "--data", data.toString(), "--k", Integer.toString(k), "--epochs", "5",
                "--cluster-epochs", "2", "--widths", "16,2", "--threads", "1", "--out", model.toString())).isZero();
        assertThat(run("evaluate", "--model", model.toString(), "--data", data.toString(), "--plot", png.toString()))
                .isZero();
        assertThat(png).exists();
    }

    private static int run(String... args) {
        CliRun run = CliRun.of(args);
        assertThat(run.err()).as("stderr of %s", String.join(" ", args)).doesNotContain("Exception");
        return run.status();
    }

    private static int pixelsOf(BufferedImage picture, Color colour, int fromY, int toY) {
        int count = 0;
        for (int y = fromY; y < Math.min(toY, picture.getHeight()); y++) {
            for (int x = 0; x < picture.getWidth(); x++) {
                if ((picture.getRGB(x, y) & 0xFFFFFF) == (colour.getRGB() & 0xFFFFFF)) {
                    count++;
                }
            }
        }
        return count;
    }
}
