package io.kluster.app.train;

import io.kluster.app.metrics.ImageShape;
import io.kluster.cluster.PrincipalComponents;
import io.kluster.cluster.RowSample;
import io.kluster.data.Dataset;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A picture of a clustering: the embeddings projected on their two leading principal components,
 * coloured by cluster (an XChart scatter plot), and, when records are images, a row of sample
 * records per cluster beneath it.
 */
public final class ClusteringPlot {

    /** Points drawn at most; more only overplot. */
    static final int MAX_POINTS = 6_000;
    /** Sample records drawn per cluster. */
    static final int SAMPLES_PER_CLUSTER = 12;
    static final int WIDTH = 1000;
    static final int SCATTER_HEIGHT = 720;
    private static final int LABEL_WIDTH = 110;
    private static final int GAP = 4;

    private ClusteringPlot() {
    }

    /**
     * Draws {@code report}'s clustering of {@code data} into a PNG at {@code file}.
     *
     * @param title what the picture shows, as its title
     * @param seed  chooses the points and samples drawn
     */
    public static void write(ClusteringReport report, Dataset data, String title, long seed, Path file) throws IOException {
        BufferedImage scatter = BitmapEncoder.getBufferedImage(scatter(report, title, seed));
        ImageShape shape = ImageShape.resolve(ImageShape.AUTO, data.dimension());
        int[] ids = clusterIdsInUse(report);
        int scale = shape == null ? 1 : scale(shape);
        int rowHeight = shape == null ? 0 : shape.height() * scale + GAP;
        int gridHeight = shape == null ? 0 : ids.length * rowHeight + 3 * GAP + 20;
        int gridWidth = shape == null ? 0 : LABEL_WIDTH + SAMPLES_PER_CLUSTER * (shape.width() * scale + GAP);
        BufferedImage picture = new BufferedImage(Math.max(WIDTH, gridWidth), SCATTER_HEIGHT + gridHeight,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = picture.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, picture.getWidth(), picture.getHeight());
            g.drawImage(scatter, 0, 0, null);
            if (shape != null) {
                drawSamples(g, report, data, shape, ids, seed, SCATTER_HEIGHT + GAP);
            }
        } finally {
            g.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(picture, "png", file.toFile())) {
            throw new IOException("no PNG writer available");
        }
    }

    private static XYChart scatter(ClusteringReport report, String title, long seed) {
        int n = report.n();
        float[][] embeddings = new float[n][];
        for (int i = 0; i < n; i++) {
            embeddings[i] = report.embedding(i);
        }
        PrincipalComponents pca = PrincipalComponents.fit(embeddings, Math.min(2, report.embeddingDimension()), seed);
        int[] chosen = sample(n, MAX_POINTS, seed);
        int[] ids = clusterIdsInUse(report);
        XYChart chart = new XYChartBuilder().width(WIDTH).height(SCATTER_HEIGHT).title(title)
                .xAxisTitle("principal component 1").yAxisTitle("principal component 2").build();
        Styler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setMarkerSize(4);
        styler.setSeriesColors(palette(ids.length));
        styler.setChartBackgroundColor(Color.WHITE);
        for (int id : ids) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int i : chosen) {
                if (report.clusters()[i] == id) {
                    double[] p = pca.project(embeddings[i]);
                    x.add(p[0]);
                    y.add(p.length > 1 ? p[1] : 0.0);
                }
            }
            if (x.isEmpty()) {
                continue;
            }
            XYSeries series = chart.addSeries("cluster " + id + " (" + report.sizes()[id] + ")", x, y);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }

    private static void drawSamples(Graphics2D g, ClusteringReport report, Dataset data, ImageShape shape, int[] ids,
            long seed, int top) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.setColor(new Color(0x1D2433));
        g.drawString("Sample records per cluster", GAP * 2, top + 14);
        int[] order = sample(report.n(), report.n(), seed + 1);
        Color[] colours = palette(ids.length);
        int scale = scale(shape);
        int rowHeight = shape.height() * scale + GAP;
        int y = top + 20 + GAP;
        for (int row = 0; row < ids.length; row++) {
            int id = ids[row];
            g.setColor(colours[row]);
            g.fillRect(GAP * 2, y + rowHeight / 2 - 6, 10, 10);
            g.setColor(new Color(0x1D2433));
            g.drawString("cluster " + id, GAP * 2 + 16, y + rowHeight / 2 + 4);
            int x = LABEL_WIDTH;
            int drawn = 0;
            for (int i = 0; i < order.length && drawn < SAMPLES_PER_CLUSTER; i++) {
                if (report.clusters()[order[i]] == id) {
                    g.drawImage(grayImage(shape, data.features()[order[i]]), x, y, shape.width() * scale,
                            shape.height() * scale, null);
                    x += shape.width() * scale + GAP;
                    drawn++;
                }
            }
            y += rowHeight;
        }
    }

    /** Small images are drawn twice their size, larger ones as they are. */
    private static int scale(ImageShape shape) {
        return Math.max(shape.width(), shape.height()) <= 32 ? 2 : 1;
    }

    private static BufferedImage grayImage(ImageShape shape, float[] features) {
        BufferedImage image = new BufferedImage(shape.width(), shape.height(), BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, shape.width(), shape.height(), shape.grayLevels(features));
        return image;
    }

    private static int[] clusterIdsInUse(ClusteringReport report) {
        List<Integer> ids = new ArrayList<>();
        for (int id = 0; id < report.sizes().length; id++) {
            if (report.sizes()[id] > 0) {
                ids.add(id);
            }
        }
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Up to {@code max} distinct indices below {@code n}, in a seeded random order. */
    private static int[] sample(int n, int max, long seed) {
        return RowSample.indices(n, Math.min(n, max), new SplittableRandom(seed));
    }

    /** Distinct colours: Tableau's ten, then evenly spaced hues. */
    static Color[] palette(int count) {
        int[] tableau = {0x1F77B4, 0xFF7F0E, 0x2CA02C, 0xD62728, 0x9467BD, 0x8C564B, 0xE377C2, 0x7F7F7F, 0xBCBD22,
            0x17BECF};
        Color[] out = new Color[Math.max(1, count)];
        for (int i = 0; i < out.length; i++) {
            out[i] = i < tableau.length ? new Color(tableau[i])
                    : Color.getHSBColor((float) ((i - tableau.length) * 0.618033988749895 % 1.0), 0.65f, 0.85f);
        }
        return out;
    }
}
