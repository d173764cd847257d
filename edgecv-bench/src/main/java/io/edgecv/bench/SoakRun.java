package io.edgecv.bench;

import io.edgecv.Detector;
import io.edgecv.DetectorBuilder;
import io.edgecv.ImageInput;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * A long soak for devices: one detector detecting on one photo for hours (or a million detections), printing
 * every interval the resident memory (after a GC) and the interval's latency percentiles, so that a slow native
 * leak or a latency drift (thermal throttling, fragmentation) shows as a trend. Run by {@code soak.sh}.
 *
 * <p>Arguments: {@code --model FILE} (default: BlazeFace front 128 from the fixtures), {@code --image FILE}
 * (default {@code grace_hopper.jpg}), {@code --backend NAME}, {@code --threads N} (default 1),
 * {@code --detections N} (default 1,000,000), {@code --minutes M} (stop after M minutes; default no limit),
 * {@code --every N} detections per printed line (default 10,000).
 *
 * <p>Thread-safety: a program; single-threaded.
 */
public final class SoakRun {
    private SoakRun() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = System.out;
        Path model = BenchFixtures.file("models", "face_detection_front_128x128_barracuda.onnx").orElse(null);
        Path image = BenchFixtures.image("grace_hopper.jpg");
        String backend = null;
        int threads = 1;
        long detections = 1_000_000;
        double minutes = Double.POSITIVE_INFINITY;
        int every = 10_000;
        for (int i = 0; i < args.length; i += 2) {
            String v = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--model": model = Path.of(v); break;
                case "--image": image = Path.of(v); break;
                case "--backend": backend = v; break;
                case "--threads": threads = Integer.parseInt(v); break;
                case "--detections": detections = Long.parseLong(v); break;
                case "--minutes": minutes = Double.parseDouble(v); break;
                case "--every": every = Integer.parseInt(v); break;
                default: throw new IllegalArgumentException("unknown argument " + args[i] + "; see SoakRun's"
                        + " Javadoc or soak.sh --help");
            }
        }
        if (model == null) {
            throw new IllegalArgumentException("no --model and no fixtures: " + BenchFixtures.whereToPut());
        }
        DetectorBuilder b = Detector.builder().setModel(model).optThreads(threads);
        if (backend != null) {
            b.optBackend(backend);
        }
        ImageInput photo = ImageInput.read(image);
        long[] t = new long[every];
        long start = System.nanoTime();
        try (Detector d = b.build()) {
            out.printf(Locale.ROOT, "soak: %s on %s, %d thread(s), %s; RSS after GC, latency of each interval%n",
                    model.getFileName(), d.backendName(), threads, image.getFileName());
            out.printf(Locale.ROOT, "%10s %12s %10s %9s %9s %9s %9s%n", "minutes", "detections", "RSS MB",
                    "p50 ms", "p90 ms", "p99 ms", "max ms");
            for (int i = 0; i < 1000; i++) {
                d.detect(photo); // warm-up
            }
            long done = 0;
            while (done < detections && (System.nanoTime() - start) / 6e10 < minutes) {
                int n = (int) Math.min(every, detections - done);
                for (int i = 0; i < n; i++) {
                    long s = System.nanoTime();
                    d.detect(photo);
                    t[i] = System.nanoTime() - s;
                }
                done += n;
                Arrays.sort(t, 0, n);
                out.printf(Locale.ROOT, "%10.1f %12d %10.1f %9.2f %9.2f %9.2f %9.2f%n",
                        (System.nanoTime() - start) / 6e10, done, rssBytes() / 1e6, t[n / 2] / 1e6,
                        t[(int) (n * 0.9)] / 1e6, t[Math.min(n - 1, (int) (n * 0.99))] / 1e6, t[n - 1] / 1e6);
                out.flush();
            }
        }
    }

    /** @return resident set size after a GC, from /proc/self/status; -1 where there is none */
    static long rssBytes() throws IOException {
        System.gc();
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) {
            return -1;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.trim().split("\\s+")[1]) * 1024;
            }
        }
        return -1;
    }
}
