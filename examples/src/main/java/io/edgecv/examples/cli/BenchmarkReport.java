package io.edgecv.examples.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes the rows of {@code edgecv benchmark} as a console table, CSV and JSON.
 *
 * <p>Thread-safety: stateless.
 */
final class BenchmarkReport {
    private static final String CSV_HEADER = "model,backend,format,precision,threads,size_mb,map50,matched,"
            + "reference_boxes,reference,runs,p50_ms,p95_ms,mean_ms,min_ms,fps,watts,fps_per_watt";

    private BenchmarkReport() {
    }

    static void printTable(List<BenchmarkRow> rows, PrintWriter out) {
        int w = 5;
        for (BenchmarkRow r : rows) {
            w = Math.max(w, r.model().length());
        }
        String head = "%-" + w + "s %-9s %-7s %-5s %3s %8s %8s %9s %9s %8s %7s %7s%n";
        out.printf(Locale.ROOT, head, "model", "backend", "format", "prec", "thr", "size MB", "mAP@0.5",
                "p50 ms", "p95 ms", "FPS", "W", "FPS/W");
        for (BenchmarkRow r : rows) {
            out.printf(Locale.ROOT, "%-" + w + "s %-9s %-7s %-5s %3d %8.2f %8s %9.2f %9.2f %8.1f %7s %7s%n", r.model(),
                    r.backend(), r.format(), r.precision(), r.threads(), r.sizeMb(), agreement(r), r.latency().p50(),
                    r.latency().p95(), r.latency().fps(), orNa(r.watts(), "%.2f"), orNa(r.fpsPerWatt(), "%.2f"));
        }
    }

    /** "n/a" for NaN: a missing figure is never printed as a number */
    private static String orNa(double v, String format) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, format, v);
    }

    private static String agreement(BenchmarkRow r) {
        return Double.isNaN(r.map50()) ? "n/a" : String.format(Locale.ROOT, "%.3f", r.map50());
    }

    static void writeCsv(List<BenchmarkRow> rows, Path file) throws IOException {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (BenchmarkRow r : rows) {
            LatencyStats l = r.latency();
            sb.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%d,%.3f,%s,%d,%d,%s,%d,%.3f,%.3f,%.3f,%.3f,%.2f,%s,%s%n",
                    csv(r.model()), csv(r.backend()), r.format(), r.precision(), r.threads(), r.sizeMb(),
                    Double.isNaN(r.map50()) ? "" : String.format(Locale.ROOT, "%.4f", r.map50()), r.matched(),
                    r.referenceBoxes(), csv(r.reference()), l.count(), l.p50(), l.p95(), l.mean(), l.min(), l.fps(),
                    Double.isNaN(r.watts()) ? "" : String.format(Locale.ROOT, "%.3f", r.watts()),
                    Double.isNaN(r.fpsPerWatt()) ? "" : String.format(Locale.ROOT, "%.3f", r.fpsPerWatt())));
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    private static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    static void writeJson(List<BenchmarkRow> rows, String machine, Path file) throws IOException {
        ObjectNode root = DetectionJson.MAPPER.createObjectNode().put("machine", machine);
        ArrayNode results = root.putArray("results");
        for (BenchmarkRow r : rows) {
            LatencyStats l = r.latency();
            ObjectNode o = results.addObject().put("model", r.model()).put("backend", r.backend())
                    .put("format", r.format()).put("precision", r.precision()).put("threads", r.threads())
                    .put("size_mb", DetectionJson.round(r.sizeMb(), 1000));
            if (Double.isNaN(r.map50())) {
                o.putNull("map50");
            } else {
                o.put("map50", DetectionJson.round(r.map50(), 10_000));
            }
            o.put("matched", r.matched()).put("reference_boxes", r.referenceBoxes()).put("reference", r.reference())
                    .put("runs", l.count()).put("p50_ms", DetectionJson.round(l.p50(), 1000))
                    .put("p95_ms", DetectionJson.round(l.p95(), 1000))
                    .put("mean_ms", DetectionJson.round(l.mean(), 1000))
                    .put("min_ms", DetectionJson.round(l.min(), 1000)).put("fps", DetectionJson.round(l.fps(), 100));
            putOrNull(o, "watts", r.watts(), 1000);
            putOrNull(o, "fps_per_watt", r.fpsPerWatt(), 1000);
        }
        Files.writeString(file, DetectionJson.write(root) + "\n", StandardCharsets.UTF_8);
    }

    private static void putOrNull(ObjectNode o, String key, double value, int scale) {
        if (Double.isNaN(value)) {
            o.putNull(key);
        } else {
            o.put(key, DetectionJson.round(value, scale));
        }
    }
}
