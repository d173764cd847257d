package io.edgecv.testing;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Prints every test the build skipped, grouped by kind of reason (no libncnn, no GPU, offline, ...) and then by
 * the exact reason, from the files {@link SkipRecorder} wrote. Run once at the end of the reactor build (the
 * last module, {@code examples}, runs it in its {@code verify} phase).
 *
 * <p>Thread-safety: stateless.
 */
public final class SkipReport {
    private static final String[][] KINDS = {
        {"offline (EDGECV_OFFLINE)", "offline"},
        {"no public source (the ONNX SSD is converted by edgecv-onnx's converter)", "no public source"},
        {"fixture unavailable", "fixture"},
        {"no libncnn", "ncnn"},
        {"no GPU (NVIDIA driver, CUDA, TensorRT)", "gpu", "cuda", "nvidia", "tensorrt", "dla", "jetson"},
        {"optional tool or library missing", "not on the test class path", "not installed", "python3-onnx",
            "quantizer", "onnx checker"},
        {"machine lacks a system file", "/proc", "ld.so.cache", "ldconfig", "libm.so"},
    };

    private SkipReport() {
    }

    /**
     * @param args the folder {@link SkipRecorder} wrote to
     * @throws IOException if a record cannot be read
     */
    public static void main(String[] args) throws IOException {
        print(Path.of(args[0]), System.out);
    }

    /**
     * @param reason a skip reason
     * @return the kind it is grouped under
     */
    public static String kind(String reason) {
        String r = reason.toLowerCase(Locale.ROOT);
        for (String[] k : KINDS) {
            for (int i = 1; i < k.length; i++) {
                if (r.contains(k[i])) {
                    return k[0];
                }
            }
        }
        return "other";
    }

    /**
     * @param dir the folder of records
     * @param out where the list goes
     * @return the number of skipped tests listed
     * @throws IOException if a record cannot be read
     */
    public static int print(Path dir, PrintStream out) throws IOException {
        List<String[]> rows = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".tsv")).sorted().toList()) {
                    for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                        String[] row = line.split("\t", 3);
                        if (row.length == 3) {
                            rows.add(row);
                        }
                    }
                }
            }
        }
        Map<String, Map<String, List<String>>> byKind = new TreeMap<>();
        for (String[] row : rows) {
            byKind.computeIfAbsent(kind(row[2]), k -> new TreeMap<>())
                    .computeIfAbsent(row[2], k -> new ArrayList<>()).add(row[0] + ": " + row[1]);
        }
        out.println("[INFO] ------------------------------------------------------------------------");
        if (rows.isEmpty()) {
            out.println("[INFO] Skipped tests: none");
            return 0;
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        byKind.forEach((k, v) -> counts.put(k, v.values().stream().mapToInt(List::size).sum()));
        out.println("[INFO] Skipped tests: " + rows.size() + ", by reason " + counts);
        byKind.forEach((kind, reasons) -> {
            out.println("[INFO] " + kind + " (" + counts.get(kind) + "):");
            reasons.forEach((reason, tests) -> {
                out.println("[INFO]   " + reason);
                tests.stream().sorted().forEach(t -> out.println("[INFO]       " + t));
            });
        });
        out.println("[INFO] ------------------------------------------------------------------------");
        return rows.size();
    }
}
