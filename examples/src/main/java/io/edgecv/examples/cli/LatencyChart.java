package io.edgecv.examples.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Draws the latency of {@code edgecv benchmark} as a grouped bar chart with Java2D: one group per model, one bar
 * per backend and thread count (coloured as in the legend), bar height the median (p50) with its value written
 * above, a whisker up to p95; title, axis labels and a grid.
 *
 * <p>Thread-safety: stateless.
 */
final class LatencyChart {
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
    };
    private static final int HEIGHT = 620;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 90;
    private static final int BOTTOM = 110;
    private static final int BAR = 46;
    private static final int GAP = 40;

    private LatencyChart() {
    }

    static BufferedImage draw(List<BenchmarkRow> rows, String subtitle) {
        Set<String> models = new LinkedHashSet<>();
        Set<String> series = new LinkedHashSet<>();
        double max = 0;
        for (BenchmarkRow r : rows) {
            models.add(r.model());
            series.add(r.series());
            max = Math.max(max, r.latency().p95());
        }
        List<String> seriesList = new ArrayList<>(series);
        int maxBars = 1;
        for (String model : models) {
            int n = 0;
            for (BenchmarkRow r : rows) {
                n += r.model().equals(model) ? 1 : 0;
            }
            maxBars = Math.max(maxBars, n);
        }
        int groupWidth = maxBars * BAR;
        int plotWidth = Math.max(640, models.size() * (groupWidth + GAP) + GAP);
        int width = LEFT + plotWidth + RIGHT;
        BufferedImage img = new BufferedImage(width, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, HEIGHT);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            int legendRows = legendRows(g.getFontMetrics(), seriesList, width);
            int plotTop = TOP + 18 * (legendRows - 1);
            int plotBottom = HEIGHT - BOTTOM;
            double step = tickStep(max * 1.15);
            double top = Math.max(step, Math.ceil(max * 1.15 / step) * step);

            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
            centered(g, "Detection latency per image by backend and model", width / 2, 32);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            centered(g, subtitle, width / 2, 54);

            // grid and y axis
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            for (int i = 0; step * i <= top + step / 1000; i++) {
                double v = step * i;
                int y = yOf(v, top, plotTop, plotBottom);
                g.setColor(new Color(0xe0e0e0));
                g.drawLine(LEFT, y, LEFT + plotWidth, y);
                g.setColor(Color.DARK_GRAY);
                String label = tick(v, step);
                g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + 4);
            }
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1.5f));
            g.drawLine(LEFT, plotTop, LEFT, plotBottom);
            g.drawLine(LEFT, plotBottom, LEFT + plotWidth, plotBottom);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            AffineTransform saved = g.getTransform();
            g.rotate(-Math.PI / 2);
            centered(g, "latency per image, ms (bar: median p50, whisker: p95)", -(plotTop + plotBottom) / 2, 28);
            g.setTransform(saved);
            centered(g, "model (one bar per backend and thread count)", LEFT + plotWidth / 2, HEIGHT - 18);

            // bars
            int slot = plotWidth / Math.max(1, models.size());
            int slotLeft = LEFT;
            for (String model : models) {
                List<BenchmarkRow> bars = new ArrayList<>();
                List<Integer> colours = new ArrayList<>();
                for (int s = 0; s < seriesList.size(); s++) {
                    BenchmarkRow r = find(rows, model, seriesList.get(s));
                    if (r != null) {
                        bars.add(r);
                        colours.add(s);
                    }
                }
                int gx = slotLeft + (slot - bars.size() * BAR) / 2;
                for (int b = 0; b < bars.size(); b++) {
                    BenchmarkRow r = bars.get(b);
                    int x = gx + b * BAR + 4;
                    int w = BAR - 8;
                    int y50 = yOf(r.latency().p50(), top, plotTop, plotBottom);
                    int y95 = yOf(r.latency().p95(), top, plotTop, plotBottom);
                    g.setColor(PALETTE[colours.get(b) % PALETTE.length]);
                    g.fillRect(x, y50, w, plotBottom - y50);
                    g.setColor(Color.BLACK);
                    g.setStroke(new BasicStroke(1.2f));
                    g.drawLine(x + w / 2, y50, x + w / 2, y95);
                    g.drawLine(x + w / 2 - 6, y95, x + w / 2 + 6, y95);
                    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 11));
                    centered(g, format(r.latency().p50()), x + w / 2, Math.min(y95, y50) - 5);
                }
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
                drawWrapped(g, shortName(model), slotLeft + slot / 2, plotBottom + 18, slot - 6);
                slotLeft += slot;
            }

            // legend, above the plot, wrapped to the chart's width
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics fm = g.getFontMetrics();
            int lx = LEFT + 12;
            int ly = TOP - 22;
            for (int s = 0; s < seriesList.size(); s++) {
                String name = legendName(seriesList.get(s));
                int itemWidth = 20 + fm.stringWidth(name) + 24;
                if (lx > LEFT + 12 && lx + itemWidth > width - RIGHT) {
                    lx = LEFT + 12;
                    ly += 18;
                }
                g.setColor(PALETTE[s % PALETTE.length]);
                g.fillRect(lx, ly - 10, 14, 14);
                g.setColor(Color.BLACK);
                g.drawString(name, lx + 20, ly + 2);
                lx += itemWidth;
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    static void write(List<BenchmarkRow> rows, String subtitle, Path png) throws IOException {
        ImageIO.write(draw(rows, subtitle), "png", png.toFile());
    }

    private static int legendRows(FontMetrics fm, List<String> series, int width) {
        int rows = 1;
        int lx = LEFT + 12;
        for (String s : series) {
            int itemWidth = 20 + fm.stringWidth(legendName(s)) + 24;
            if (lx > LEFT + 12 && lx + itemWidth > width - RIGHT) {
                rows++;
                lx = LEFT + 12;
            }
            lx += itemWidth;
        }
        return rows;
    }

    private static String legendName(String series) {
        int space = series.lastIndexOf(' ');
        String threads = series.substring(space + 1, series.length() - 1);
        return series.substring(0, space) + ", " + threads + (threads.equals("1") ? " thread" : " threads");
    }

    private static BenchmarkRow find(List<BenchmarkRow> rows, String model, String series) {
        for (BenchmarkRow r : rows) {
            if (r.model().equals(model) && r.series().equals(series)) {
                return r;
            }
        }
        return null;
    }

    private static int yOf(double v, double top, int plotTop, int plotBottom) {
        return plotBottom - (int) Math.round(v / top * (plotBottom - plotTop));
    }

    /** A grid step of 1, 2 or 5 times a power of ten giving about five lines up to {@code v}. */
    static double tickStep(double v) {
        if (!(v > 0)) {
            return 1;
        }
        double raw = v / 5;
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5}) {
            if (m * p >= raw) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String tick(double v, double step) {
        return step >= 1 ? String.format(Locale.ROOT, "%.0f", v)
                : step >= 0.1 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String format(double ms) {
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f", ms)
                : ms >= 10 ? String.format(Locale.ROOT, "%.1f", ms) : String.format(Locale.ROOT, "%.2f", ms);
    }

    private static String shortName(String model) {
        int dot = model.lastIndexOf('.');
        return dot > 0 ? model.substring(0, dot) + " (" + model.substring(dot + 1) + ")" : model;
    }

    private static void centered(Graphics2D g, String s, int cx, int y) {
        g.drawString(s, cx - g.getFontMetrics().stringWidth(s) / 2, y);
    }

    /** Centres text under a group, breaking it at underscores or spaces into lines that fit {@code maxWidth}. */
    private static void drawWrapped(Graphics2D g, String s, int cx, int y, int maxWidth) {
        FontMetrics fm = g.getFontMetrics();
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String part : s.split("(?<=[_ ])")) {
            if (line.length() > 0 && fm.stringWidth(line + part) > maxWidth) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(part);
        }
        lines.add(line.toString());
        for (int i = 0; i < lines.size() && i < 4; i++) {
            centered(g, lines.get(i).trim(), cx, y + i * (fm.getHeight()));
        }
    }
}
