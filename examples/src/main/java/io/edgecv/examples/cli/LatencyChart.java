package io.edgecv.examples.cli;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * The latency chart of {@code edgecv benchmark}, drawn by XChart ({@code org.knowm.xchart:xchart}): a grouped bar
 * chart with one group per model and one bar per backend and thread count; the bar is the median (p50), labelled
 * with its value, and the error bar reaches p95 (XChart draws error bars both ways, so its lower half mirrors it).
 *
 * <p>Thread-safety: stateless.
 */
final class LatencyChart {
    /** Series colours, in legend order. */
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
    };
    static final int HEIGHT = 620;
    private static final int GROUP_WIDTH = 60;

    private LatencyChart() {
    }

    static CategoryChart chart(List<BenchmarkRow> rows, String subtitle) {
        Set<String> models = new LinkedHashSet<>();
        Set<String> series = new LinkedHashSet<>();
        for (BenchmarkRow r : rows) {
            models.add(r.model());
            series.add(r.series());
        }
        String title = "Detection latency per image by backend and model (" + subtitle + ")";
        int width = Math.max(Math.max(760, 80 + 9 * title.length()),
                160 + models.size() * Math.max(1, series.size()) * GROUP_WIDTH);
        CategoryChart chart = new CategoryChartBuilder().width(width).height(HEIGHT)
                .title(title)
                .xAxisTitle("model (one bar per backend and thread count)")
                .yAxisTitle("latency per image, ms (bar: median p50, error bar: p95)").build();
        Styler s = chart.getStyler();
        s.setLegendPosition(Styler.LegendPosition.InsideNW);
        s.setSeriesColors(PALETTE);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setDecimalPattern("#,##0.#");
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setLabelsPosition(0.93); // the median's value near the top of its bar
        chart.getStyler().setYAxisMin(0.0);

        List<String> categories = new ArrayList<>();
        models.forEach(m -> categories.add(shortName(m)));
        for (String name : series) {
            List<Double> p50 = new ArrayList<>();
            List<Double> spread = new ArrayList<>();
            for (String model : models) {
                BenchmarkRow r = find(rows, model, name);
                p50.add(r == null ? 0.0 : r.latency().p50());
                spread.add(r == null ? 0.0 : r.latency().p95() - r.latency().p50());
            }
            chart.addSeries(legendName(name), categories, p50, spread);
        }
        return chart;
    }

    static BufferedImage draw(List<BenchmarkRow> rows, String subtitle) {
        return BitmapEncoder.getBufferedImage(chart(rows, subtitle));
    }

    static void write(List<BenchmarkRow> rows, String subtitle, Path png) throws IOException {
        try (OutputStream out = Files.newOutputStream(png)) {
            BitmapEncoder.saveBitmap(chart(rows, subtitle), out, BitmapEncoder.BitmapFormat.PNG);
        }
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

    private static String shortName(String model) {
        int dot = model.lastIndexOf('.');
        return dot > 0 ? model.substring(0, dot) + " (" + model.substring(dot + 1) + ")" : model;
    }
}
