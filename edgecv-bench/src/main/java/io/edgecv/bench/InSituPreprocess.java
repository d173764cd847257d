package io.edgecv.bench;

import io.edgecv.Detector;
import io.edgecv.ImageInput;
import io.edgecv.preprocess.Preprocessor;
import io.edgecv.video.pipeline.DetectionModel;
import io.edgecv.spi.BackendSession;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Preprocessing as a single-image detector meets it: interleaved with inference, so the photo and the input
 * tensor are cache-cold after each run (an isolated JMH loop keeps both hot and flatters it). Each iteration times
 * {@code Preprocessor.apply(dog.jpg, session input buffer)} and then {@code session.run()} of SSD-MobileNetV2
 * (ONNX, 1 thread), and {@code Detector.detect} on the same photo for the end-to-end ratio. Prints medians and
 * quartiles of each. {@code apply} is also timed in this thread's CPU time, which on a shared, overloaded host
 * leaves out the time the thread waited for a core (wall-clock medians then include preemption).
 *
 * <pre>
 * java -cp edgecv-bench/target/benchmarks.jar io.edgecv.bench.InSituPreprocess [iterations]
 * </pre>
 *
 * <p>Thread-safety: a program entry point.
 */
public final class InSituPreprocess {
    private InSituPreprocess() {
    }

    /**
     * @param args iterations (default 300)
     * @throws Exception if the fixtures are missing
     */
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        Path model = BenchFixtures.file("models", "ssd_mobilenetv2_oidv4.onnx").orElseThrow(
                () -> new IllegalStateException("SSD fixture missing: " + BenchFixtures.whereToPut()));
        ImageInput image = BenchFixtures.readImage("dog.jpg");
        try (DetectionModel m = DetectionModel.builder().setModel(model).optBackend("onnx").optThreads(1).build();
             Detector detector = Detector.builder().setModel(model).optBackend("onnx").optThreads(1).build()) {
            BackendSession session = m.session();
            Preprocessor pre = new Preprocessor(m.preprocessing());
            ByteBuffer input = session.inputBuffer(0);
            for (int i = 0; i < 20; i++) {
                pre.apply(image, input);
                session.run();
                detector.detect(image);
            }
            long[] apply = new long[n];
            long[] run = new long[n];
            long[] detect = new long[n];
            long[] applyCpu = new long[n];
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            for (int i = 0; i < n; i++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                pre.apply(image, input);
                long t1 = System.nanoTime();
                applyCpu[i] = threads.getCurrentThreadCpuTime() - c0;
                session.run();
                long t2 = System.nanoTime();
                detector.detect(image);
                long t3 = System.nanoTime();
                apply[i] = t1 - t0;
                run[i] = t2 - t1;
                detect[i] = t3 - t2;
            }
            System.out.printf(Locale.ROOT, "dog.jpg 768x576 -> SSD 300x300 ONNX, 1 thread, %d interleaved iterations%n",
                    n);
            print("apply (in situ)", apply);
            print("apply CPU time", applyCpu);
            print("session.run", run);
            print("detect", detect);
            System.out.printf(Locale.ROOT, "detect / run: %.3f%n", (double) median(detect) / median(run));
        }
    }

    private static void print(String what, long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        System.out.printf(Locale.ROOT, "%-16s median %.3f ms  (q1 %.3f, q3 %.3f)%n", what, c[c.length / 2] / 1e6,
                c[c.length / 4] / 1e6, c[3 * c.length / 4] / 1e6);
    }

    private static long median(long[] v) {
        long[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
