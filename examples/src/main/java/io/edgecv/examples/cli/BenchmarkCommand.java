package io.edgecv.examples.cli;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.EdgeCvException;
import io.edgecv.ImageInput;
import io.edgecv.ModelFormat;
import io.edgecv.edge.CommandRunner;
import io.edgecv.edge.power.PowerMeter;
import io.edgecv.edge.power.PowerSource;
import io.edgecv.edge.power.PowerSources;
import io.edgecv.examples.assets.DefaultAssets;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.quantize.DetectionAgreement;
import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ElementType;
import io.edgecv.spi.ModelSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgecv benchmark}: every model on every available backend that opens it, at each thread count: a warm-up,
 * then timed detections cycling through the photos ({@link System#nanoTime} around each
 * {@link Detector#detect}); prints a table, writes {@code benchmark.csv}, {@code benchmark.json} and a bar chart
 * {@code benchmark.png} to {@code --out}.
 *
 * <p>Agreement: each model's detections on the photos are scored against an FP32 ONNX reference run on the ONNX
 * Runtime backend (mAP@0.5 with the reference's boxes as ground truth, at both models' default thresholds): the
 * same file when it is ONNX FP32, else an ONNX FP32 model in the list of the same family and input size (for
 * example the SSD-MobileNetV2 ONNX for its TFLite FP16 twin). {@code n/a} when there is none.
 *
 * <p>This is a quick report for a device; for figures to publish, use the JMH benchmarks of {@code edgecv-bench}.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Time every model on every available backend; print a table and write CSV, JSON and a PNG"
                + " chart.", "Default models and photos: the shared fixtures (SSD-MobileNetV2 ONNX and TFLite,"
                + " BlazeFace ONNX and TFLite)."})
final class BenchmarkCommand implements Callable<Integer> {
    private static final String[] DEFAULT_MODELS = {
        "ssd_mobilenetv2_oidv4.onnx", "object_detection_ssd_mobilenetv2_oidv4_fp16.tflite",
        "face_detection_front_128x128_barracuda.onnx", "face_detection_short_range.tflite"};
    private static final String[] DEFAULT_IMAGES = {
        "images/dog.jpg", "images/person.jpg", "images/horses.jpg", "images/kite.jpg", "images/giraffe.jpg",
        "images/grace_hopper.jpg", "images/messi5.jpg", "faces/2007_007763.jpg", "faces/2008_001009.jpg",
        "faces/2008_001322.jpg", "faces/2008_002079.jpg"};

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--models"}, split = ",", paramLabel = "FILE",
            description = "Model files, comma-separated (.onnx, .tflite, .param, .engine). Default: the fixtures'.")
    List<Path> models;

    @Option(names = {"-i", "--images"}, split = ",", paramLabel = "FILE",
            description = "Photos, comma-separated, used in turn. Default: fixture photos of objects and faces.")
    List<Path> images;

    @Option(names = "--runs", defaultValue = "50", description = "Timed detections per model, backend and thread"
            + " count (default ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--warmup", defaultValue = "10", description = "Untimed detections first (default"
            + " ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = {"-t", "--threads"}, split = ",", defaultValue = "1", paramLabel = "N",
            description = "Runtime thread counts, comma-separated; 0 = runtime default (default ${DEFAULT-VALUE}).")
    List<Integer> threads;

    @Option(names = {"-b", "--backends"}, split = ",", paramLabel = "NAME",
            description = "Only these backends (default: every available one).")
    List<String> backends;

    @Option(names = "--power", defaultValue = "auto", paramLabel = "SOURCE",
            description = "Power source for watts and FPS/W: auto, rapl, ina3221, pmic or none (default"
                    + " ${DEFAULT-VALUE}). Without one the W and FPS/W columns say n/a.")
    String power;

    @Option(names = "--vcgencmd", defaultValue = "vcgencmd", paramLabel = "PATH", description = "The vcgencmd"
            + " executable for the Pi 5 PMIC (default ${DEFAULT-VALUE}, from PATH).")
    String vcgencmd;

    /** The power source for this run, null when there is none (then {@link #powerNote} says why). */
    private PowerSource powerSource;
    private String powerNote;

    @Option(names = {"-o", "--out"}, defaultValue = "benchmark-results", paramLabel = "DIR",
            description = "Folder for benchmark.csv, benchmark.json and benchmark.png (default ${DEFAULT-VALUE}).")
    Path out;

    /** Detections and timings of one model on one backend at one thread count. */
    private static final class Measured {
        final Path model;
        final ModelFormat format;
        final String backend;
        final int threads;
        final String family;
        final Preprocessing pre;
        final List<List<Detection>> found;
        final LatencyStats latency;
        final double watts;

        Measured(Path model, ModelFormat format, String backend, int threads, String family, Preprocessing pre,
                 List<List<Detection>> found, LatencyStats latency, double watts) {
            this.watts = watts;
            this.model = model;
            this.format = format;
            this.backend = backend;
            this.threads = threads;
            this.family = family;
            this.pre = pre;
            this.found = found;
            this.latency = latency;
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (runs < 1 || warmup < 0) {
            throw CliException.usage("--runs must be at least 1 and --warmup 0 or more, got " + runs + " and "
                    + warmup);
        }
        for (int t : threads) {
            if (t < 0) {
                throw CliException.usage("--threads values must be 0 (runtime default) or more, got " + t);
            }
        }
        List<Path> modelFiles = models != null ? models : defaultModels();
        List<Path> imageFiles = images != null ? images : defaultImages();
        List<ImageInput> photos = new ArrayList<>();
        for (Path p : imageFiles) {
            photos.add(Pictures.read(p));
        }
        o.printf(Locale.ROOT, "%d model(s), %d photo(s), %d warm-up + %d timed detections each%n",
                modelFiles.size(), photos.size(), warmup, runs);
        try {
            CommandRunner vc = new CommandRunner(vcgencmd, Duration.ofSeconds(5));
            if (power.equalsIgnoreCase("auto")) {
                PowerSources.Detection d = PowerSources.detect(Path.of("/sys"), vc);
                powerSource = d.source().orElse(null);
                powerNote = powerSource != null ? "power: " + powerSource.describe()
                        : "power: " + d.whyNone() + "; W and FPS/W are n/a";
            } else {
                powerSource = PowerSources.open(power, Path.of("/sys"), vc).orElse(null);
                powerNote = powerSource != null ? "power: " + powerSource.describe()
                        : "power: none requested; W and FPS/W are n/a";
            }
        } catch (IOException | IllegalArgumentException e) {
            err.println("--power " + power + ": " + e.getMessage());
            return 2;
        }
        o.println(powerNote);
        o.flush();

        List<Measured> measured = new ArrayList<>();
        for (Path model : modelFiles) {
            ModelFormat format;
            try {
                format = ModelSource.of(model).format();
            } catch (EdgeCvException e) {
                err.println("edgecv: skipped " + model + ": " + e.getMessage());
                continue;
            }
            boolean opened = false;
            for (BackendProvider p : Backends.providers()) {
                if (!p.formats().contains(format) || (backends != null && !backends.contains(p.name()))) {
                    continue;
                }
                opened = true;
                var availability = Backends.availability(p);
                if (!availability.isAvailable()) {
                    err.println("edgecv: skipped " + p.name() + " for " + model.getFileName() + ": "
                            + availability.reason());
                    continue;
                }
                for (int t : threads) {
                    try {
                        Measured m = measure(model, format, p.name(), t, photos);
                        measured.add(m);
                        o.printf(Locale.ROOT, "  %-50s %-9s %d thread(s): p50 %.2f ms%n", model.getFileName(),
                                p.name(), t, m.latency.p50());
                        o.flush();
                    } catch (EdgeCvException | RuntimeException e) {
                        err.println("edgecv: skipped " + model.getFileName() + " on " + p.name() + ": "
                                + e.getMessage());
                    }
                }
            }
            if (!opened) {
                err.println("edgecv: skipped " + model.getFileName() + ": no backend "
                        + (backends != null ? "of " + backends
                        + " " : "") + "on the class path opens " + format + " models. "
                        + Backends.describe(Backends.providers()));
            }
        }
        if (measured.isEmpty()) {
            throw CliException.failure("nothing could be measured: no model opened on an available backend. "
                    + Backends.describe(Backends.providers()), null);
        }
        List<BenchmarkRow> rows = new ArrayList<>();
        for (Measured m : measured) {
            rows.add(row(m, referenceFor(m, measured)));
        }
        o.println();
        BenchmarkReport.printTable(rows, o);
        Files.createDirectories(out);
        String machine = machine(photos.size());
        BenchmarkReport.writeCsv(rows, out.resolve("benchmark.csv"));
        BenchmarkReport.writeJson(rows, machine, out.resolve("benchmark.json"));
        LatencyChart.write(rows, machine, out.resolve("benchmark.png"));
        o.println();
        o.println("mAP@0.5 is against the FP32 ONNX reference named in the CSV/JSON 'reference' column.");
        o.println(powerNote + (powerSource != null ? " (whole source during the timed runs, not the detector alone)"
                : ""));
        o.println("written: " + out.resolve("benchmark.csv") + ", " + out.resolve("benchmark.json") + ", "
                + out.resolve("benchmark.png"));
        o.flush();
        return 0;
    }

    private Measured measure(Path model, ModelFormat format, String backend, int t, List<ImageInput> photos)
            throws EdgeCvException {
        try (Detector d = NativeLogs.quietly(Detector.builder().setModel(model).optBackend(backend).optThreads(t)
                ::build)) {
            List<List<Detection>> found = new ArrayList<>();
            for (ImageInput photo : photos) {
                found.add(d.detect(photo));
            }
            for (int i = 0; i < warmup; i++) {
                d.detect(photos.get(i % photos.size()));
            }
            long[] nanos = new long[runs];
            PowerMeter meter = powerSource == null ? null : new PowerMeter(powerSource, Duration.ofMillis(50));
            startMeter(meter);
            for (int i = 0; i < runs; i++) {
                ImageInput photo = photos.get(i % photos.size());
                long t0 = System.nanoTime();
                d.detect(photo);
                nanos[i] = System.nanoTime() - t0;
            }
            double watts = stopMeter(meter);
            return new Measured(model, format, backend, t, d.description().family(),
                    d.description().preprocessing(), found, LatencyStats.ofNanos(nanos), watts);
        }
    }

    private void startMeter(PowerMeter meter) throws EdgeCvException {
        if (meter != null) {
            try {
                meter.start();
            } catch (IOException e) {
                throw new EdgeCvException("power source " + powerSource.describe() + " failed: " + e.getMessage(), e);
            }
        }
    }

    /** @return average watts over the timed runs, NaN without a source or when it failed (never a guess) */
    private double stopMeter(PowerMeter meter) {
        if (meter == null) {
            return Double.NaN;
        }
        try {
            return meter.stop().watts();
        } catch (IOException e) {
            spec.commandLine().getErr().println("power: " + e.getMessage() + "; W and FPS/W are n/a for this row");
            return Double.NaN;
        } finally {
            meter.close();
        }
    }

    /** The FP32 ONNX reference on the ONNX Runtime backend: the same file, else the same family and input size. */
    private static Measured referenceFor(Measured m, List<Measured> all) {
        Measured sameFile = null;
        Measured twin = null;
        for (Measured r : all) {
            if (r.format != ModelFormat.ONNX || !r.backend.equals("onnx") || !precision(r).equals("FP32")) {
                continue;
            }
            if (r.model.equals(m.model) && sameFile == null) {
                sameFile = r;
            } else if (twin == null && r.family.equals(m.family) && r.pre.width() == m.pre.width()
                    && r.pre.height() == m.pre.height()) {
                twin = r;
            }
        }
        return sameFile != null ? sameFile : twin;
    }

    private static BenchmarkRow row(Measured m, Measured ref) throws IOException {
        double map = Double.NaN;
        int matched = 0;
        int refBoxes = 0;
        String refName = "";
        if (ref != null) {
            DetectionAgreement a = DetectionAgreement.compute(ref.found, m.found);
            map = a.map50();
            matched = a.matched();
            refBoxes = a.referenceCount();
            refName = ref.model.getFileName() + " on onnx";
        }
        return new BenchmarkRow(m.model.getFileName().toString(), m.backend, m.format.name(), precision(m),
                m.threads, sizeMb(m.model, m.format), map, matched, refBoxes, refName, m.latency, m.watts);
    }

    /** FP32, FP16 or INT8, from the input tensor's type and, for float inputs, the file name. */
    private static String precision(Measured m) {
        if (m.pre.elementType() != ElementType.FLOAT32) {
            return "INT8";
        }
        String name = m.model.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.contains("int8") || name.contains("quant")) {
            return "INT8";
        }
        if (name.contains("fp16") || name.contains("float16") || name.contains("half")) {
            return "FP16";
        }
        return "FP32";
    }

    private static double sizeMb(Path model, ModelFormat format) throws IOException {
        long bytes = Files.size(model);
        if (format == ModelFormat.NCNN) {
            String n = model.getFileName().toString();
            Path bin = model.resolveSibling(n.substring(0, n.lastIndexOf('.') < 0 ? n.length()
                    : n.lastIndexOf('.')) + ".bin");
            if (Files.isRegularFile(bin)) {
                bytes += Files.size(bin);
            }
        }
        return bytes / 1e6;
    }

    private String machine(int photoCount) {
        return String.format(Locale.ROOT, "%s %s, %d CPUs, Java %s; %d photos, %d warm-up + %d timed runs",
                System.getProperty("os.name"), System.getProperty("os.arch"),
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), photoCount,
                warmup, runs);
    }

    private List<Path> defaultModels() throws IOException {
        Path fixtures = DefaultAssets.fixtures();
        List<Path> list = new ArrayList<>();
        if (fixtures != null) {
            for (String m : DEFAULT_MODELS) {
                Path p = fixtures.resolve("models").resolve(m);
                if (Files.isRegularFile(p)) {
                    list.add(p);
                }
            }
        }
        if (list.isEmpty()) {
            list.add(DefaultAssets.model());
        }
        return list;
    }

    private List<Path> defaultImages() throws IOException {
        Path fixtures = DefaultAssets.fixtures();
        List<Path> list = new ArrayList<>();
        if (fixtures != null) {
            for (String m : DEFAULT_IMAGES) {
                Path p = fixtures.resolve(m);
                if (Files.isRegularFile(p)) {
                    list.add(p);
                }
            }
        }
        if (list.isEmpty()) {
            list.add(DefaultAssets.image());
        }
        return list;
    }
}
