package io.edgecv.bench;

import io.edgecv.EdgeCvException;
import io.edgecv.ModelFormat;
import io.edgecv.preprocess.Preprocessor;
import io.edgecv.prune.Importance;
import io.edgecv.prune.PruningConfig;
import io.edgecv.prune.PruningReport;
import io.edgecv.prune.Pruners;
import io.edgecv.quantize.DetectionAgreement;
import io.edgecv.quantize.ModelComparison;
import io.edgecv.quantize.QuantizationConfig;
import io.edgecv.quantize.Quantizers;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ModelSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The pruner's speed/agreement curve on the SSD-MobileNetV2 fixture, too long for a unit test: prunes the model at
 * several ratios with and without recovery (data-driven selection on calibration photos and video frames), then
 * quantizes one pruned model to INT8, scores every model's detections against the float32 model's on photos and
 * frames not used for calibration, and times them all on ONNX Runtime with 1 thread, interleaved in one JVM
 * (fp32, a, b, ..., fp32, a, b, ...), printing medians and ratios.
 *
 * <pre>
 * mkdir /tmp/frames &amp;&amp; ffmpeg -i fixtures/video/vtest.avi -vf "select=not(mod(n\,3))" -vsync vfr /tmp/frames/f%04d.jpg
 * java -Dedgecv.prune.calibFrames=64 -cp edgecv-bench/target/benchmarks.jar io.edgecv.bench.PruningCurve /tmp/frames /tmp/pruned 0.1,0.2,0.3,0.4,0.5 0.2
 * </pre>
 *
 * <p>Arguments: frames folder (sorted by name; the last 45 are held out for evaluation, up to {@code
 * edgecv.prune.calibFrames} (default 200) of the others calibrate), output folder, ratios, the ratio to quantize.
 * System properties: {@code edgecv.prune.recovery} = {@code both} (default), {@code on} or {@code off};
 * {@code edgecv.prune.rounds} (default 40) interleaved timing rounds of 3 runs per model;
 * {@code edgecv.prune.roundTo} (default 8) the channel multiple; {@code edgecv.prune.parallel} (default 3) prunings
 * at once, each calibrating with 1 runtime thread (the timing runs alone, after them).
 *
 * <p>Thread-safety: a program; single-threaded.
 */
public final class PruningCurve {
    private static final List<String> CALIBRATION = List.of("astronaut.png", "chelsea.png", "coffee.png",
            "eagle.jpg", "giraffe.jpg", "grace_hopper.jpg", "horses.jpg", "messi5.jpg");
    private static final List<String> HELD_OUT = List.of("dog.jpg", "person.jpg", "kite.jpg", "motorcycle_left.png");
    private static final int EVAL_FRAMES = 45;

    private PruningCurve() {
    }

    /**
     * @param args frames folder, output folder, ratios (comma-separated), ratio to quantize
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--time")) {
            timeOnly(args);
            return;
        }
        Path frames = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        double[] ratios = Arrays.stream((args.length > 2 ? args[2] : "0.1,0.2,0.3,0.4,0.5").split(","))
                .mapToDouble(Double::parseDouble).toArray();
        double int8Ratio = args.length > 3 ? Double.parseDouble(args[3]) : 0.3;
        int calibFrames = Integer.getInteger("edgecv.prune.calibFrames", 200);
        String recoveries = System.getProperty("edgecv.prune.recovery", "both"); // both, on or off
        Path fp32 = BenchFixtures.file("models", "ssd_mobilenetv2_oidv4.onnx").orElseThrow();
        List<Path> all;
        try (Stream<Path> s = Files.list(frames)) {
            all = s.filter(p -> p.toString().endsWith(".jpg") || p.toString().endsWith(".png")).sorted().toList();
        }
        List<Path> calib = new ArrayList<>();
        CALIBRATION.forEach(n -> calib.add(BenchFixtures.image(n)));
        calib.addAll(all.subList(0, Math.min(calibFrames, all.size() - EVAL_FRAMES - 10)));
        List<Path> eval = new ArrayList<>();
        HELD_OUT.forEach(n -> eval.add(BenchFixtures.image(n)));
        try (Stream<Path> s = Files.list(BenchFixtures.root().orElseThrow().resolve("faces"))) {
            s.filter(p -> p.toString().endsWith(".jpg")).sorted().forEach(eval::add);
        }
        eval.addAll(all.subList(all.size() - EVAL_FRAMES, all.size()));
        System.out.printf(Locale.ROOT, "calibration: %d images (8 photos, %d frames); evaluation: %d images%n",
                calib.size(), calib.size() - 8, eval.size());

        Map<String, Path> models = new LinkedHashMap<>();
        Map<String, String> rows = new LinkedHashMap<>();
        models.put("fp32", fp32);
        // the prunings are independent: several at once (each with 1 runtime thread) on a shared machine
        ExecutorService pool = Executors.newFixedThreadPool(Integer.getInteger("edgecv.prune.parallel", 3));
        Map<String, Future<PruningReport>> jobs = new LinkedHashMap<>();
        for (double r : ratios) {
            for (boolean recovery : recoveries.equals("both") ? new boolean[] {false, true}
                    : new boolean[] {recoveries.equals("on")}) {
                String name = String.format(Locale.ROOT, "p%02d%s", Math.round(r * 100), recovery ? "-refit" : "");
                Path file = out.resolve(name + ".onnx");
                PruningConfig cfg = PruningConfig.builder().optRatio(r).optImportance(Importance.ACTIVATION)
                        .optRecovery(recovery).optCalibrationImages(calib)
                        .optRoundTo(Integer.getInteger("edgecv.prune.roundTo", 8)).optThreads(1).build();
                models.put(name, file);
                jobs.put(name, pool.submit(() -> Pruners.forModel(fp32).prune(fp32, file, cfg)));
            }
        }
        pool.shutdown();
        // not name.txt: the detector would read a file of that name beside the model as its labels
        for (Map.Entry<String, Future<PruningReport>> j : jobs.entrySet()) {
            String name = j.getKey();
            PruningReport rep = j.getValue().get();
            Files.writeString(out.resolve(name + ".report.txt"), rep.toText());
            rows.put(name, String.format(Locale.ROOT, "MACs %.2fx fewer, params %.2fx fewer",
                    rep.macReduction(), (double) rep.paramsBefore() / rep.paramsAfter()));
            System.out.println("pruned " + name + ": " + rep);
        }
        String base = String.format(Locale.ROOT, "p%02d-refit", Math.round(int8Ratio * 100));
        if (models.containsKey(base)) {
            QuantizationConfig q = QuantizationConfig.builder().optCalibrationImages(calib.subList(0,
                    Math.min(64, calib.size()))).optThreads(2).build();
            Path int8 = out.resolve("fp32-int8.onnx");
            Quantizers.forModel(fp32).quantize(fp32, int8, q);
            models.put("fp32-int8", int8);
            Path pint8 = out.resolve(base + "-int8.onnx");
            Quantizers.forModel(fp32).quantize(models.get(base), pint8, q);
            models.put(base + "-int8", pint8);
            DetectionAgreement vsPruned = new ModelComparison(models.get(base), pint8).addImages(eval)
                    .optTimedRuns(0).optThreads(2).run().agreement();
            rows.put(base + "-int8", "vs its fp32 pruned model: " + vsPruned);
        }
        Map<String, DetectionAgreement> agreement = new LinkedHashMap<>();
        for (Map.Entry<String, Path> m : models.entrySet()) {
            if (!m.getKey().equals("fp32")) {
                agreement.put(m.getKey(), new ModelComparison(fp32, m.getValue()).addImages(eval).optTimedRuns(0)
                        .optThreads(2).run().agreement());
            }
        }
        Map<String, double[]> times = interleaved(models, Integer.getInteger("edgecv.prune.rounds", 40));
        double ref = median(times.get("fp32"));
        System.out.println();
        System.out.println("| model | median ms (1 thread) | p10..p90 ms | speed-up vs fp32 | mAP@0.5 vs fp32 | mean IoU |"
                + " notes |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String name : models.keySet()) {
            double[] t = times.get(name);
            DetectionAgreement a = agreement.get(name);
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f..%.2f | %.2fx | %s | %s | %s |%n", name, median(t),
                    pct(t, 0.1), pct(t, 0.9), ref / median(t), a == null ? "1" : String.format(Locale.ROOT, "%.3f",
                            a.map50()), a == null ? "1" : String.format(Locale.ROOT, "%.3f", a.meanIou()),
                    rows.getOrDefault(name, ""));
        }
    }

    /**
     * {@code --time fp32.onnx other.onnx ...}: only the interleaved timing of models made before (the first is the
     * reference), with {@code edgecv.prune.rounds} rounds.
     */
    private static void timeOnly(String[] args) throws Exception {
        Map<String, Path> models = new LinkedHashMap<>();
        models.put("fp32", Path.of(args[1]));
        for (int i = 2; i < args.length; i++) {
            models.put(Path.of(args[i]).getFileName().toString(), Path.of(args[i]));
        }
        Map<String, double[]> times = interleaved(models, Integer.getInteger("edgecv.prune.rounds", 40));
        double ref = median(times.get("fp32"));
        System.out.println("| model | median ms (1 thread) | p10..p90 ms | speed-up vs fp32 (ratio of medians) |");
        System.out.println("|---|---|---|---|");
        for (Map.Entry<String, double[]> e : times.entrySet()) {
            double[] t = e.getValue();
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f..%.2f | %.2fx |%n", e.getKey(), median(t), pct(t, 0.1),
                    pct(t, 0.9), ref / median(t));
        }
    }

    /** Times every model on ONNX Runtime, 1 thread, round-robin: one run of each per round after a warm-up. */
    static Map<String, double[]> interleaved(Map<String, Path> models, int rounds) throws EdgeCvException,
            IOException {
        Map<String, BackendSession> sessions = new LinkedHashMap<>();
        Map<String, double[]> times = new LinkedHashMap<>();
        try {
            ModelSource fp32 = ModelSource.of(models.get("fp32"));
            io.edgecv.preprocess.Preprocessing pre;
            try (BackendSession s = Backends.select(ModelFormat.ONNX, "onnx").open(fp32, BackendOptions.defaults())) {
                pre = io.edgecv.model.ModelFamilies.describe(new io.edgecv.model.ModelSignature(fp32, s.inputs(),
                        s.outputs(), s.metadata())).preprocessing();
            }
            for (Map.Entry<String, Path> m : models.entrySet()) {
                BackendSession s = Backends.select(ModelFormat.ONNX, "onnx").open(ModelSource.of(m.getValue()),
                        BackendOptions.of(1, Map.of("onnx.optimization", "all")));
                sessions.put(m.getKey(), s);
                new Preprocessor(pre).apply(BenchFixtures.readImage("dog.jpg"), s.inputBuffer(0));
                for (int w = 0; w < 5; w++) {
                    s.run();
                }
                times.put(m.getKey(), new double[rounds * 3]);
            }
            for (int r = 0; r < rounds; r++) {
                for (Map.Entry<String, BackendSession> e : sessions.entrySet()) {
                    for (int k = 0; k < 3; k++) {
                        long t0 = System.nanoTime();
                        e.getValue().run();
                        times.get(e.getKey())[r * 3 + k] = (System.nanoTime() - t0) / 1e6;
                    }
                }
            }
        } finally {
            sessions.values().forEach(BackendSession::close);
        }
        return times;
    }

    private static double median(double[] t) {
        return pct(t, 0.5);
    }

    private static double pct(double[] t, double p) {
        double[] s = t.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.floor(p * s.length))];
    }
}
