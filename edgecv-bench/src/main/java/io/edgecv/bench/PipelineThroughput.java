package io.edgecv.bench;

import io.edgecv.spi.BackendSession;
import io.edgecv.video.pipeline.DetectionModel;
import io.edgecv.video.pipeline.PipelineStats;
import io.edgecv.video.pipeline.Stage;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Pipelined throughput against the bare runtime's rate, interleaved in one JVM so both see the same host phase:
 * each round times {@code N} bare {@code session.run()} calls of SSD-MobileNetV2 (ONNX, 1 inference thread), then
 * {@code N} frames of {@code vtest.avi} through the whole pipeline (FFmpeg decode, preprocessing, inference,
 * decoding, NMS, ByteTrack; detection on every frame) on another session of the same model, after letting the
 * pipeline's backlog drain. Prints each round, the medians, the ratio of medians and the median of per-round
 * ratios, and the bytes the pipeline's threads allocated per frame.
 *
 * <pre>
 * java -cp edgecv-bench/target/benchmarks.jar io.edgecv.bench.PipelineThroughput [rounds] [framesPerRound] [skip]
 * </pre>
 *
 * <p>Thread-safety: a program entry point.
 */
public final class PipelineThroughput {
    private PipelineThroughput() {
    }

    /**
     * @param args rounds (default 15), frames per round (default 40), skip (default 1)
     * @throws Exception if the model, the video or FFmpeg is missing
     */
    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        int skip = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path model = BenchFixtures.file("models", "ssd_mobilenetv2_oidv4.onnx").orElseThrow(
                () -> new IllegalStateException("SSD fixture missing: " + BenchFixtures.whereToPut()));
        Path video = BenchFixtures.file("video", "vtest.avi").orElseThrow(
                () -> new IllegalStateException("vtest.avi missing: " + BenchFixtures.whereToPut()));
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (DetectionModel pipelineModel = DetectionModel.builder().setModel(model).optBackend("onnx")
                .optThreads(1).optConfidence(0.1f).optClasses("Person").build();
             DetectionModel bareModel = DetectionModel.builder().setModel(model).optBackend("onnx").optThreads(1)
                     .build();
             PacedPipeline paced = new PacedPipeline(pipelineModel, video, skip)) {
            BackendSession bare = bareModel.session();
            for (int i = 0; i < 10; i++) {
                bare.run();
            }
            paced.frames(30);
            double[] bareFps = new double[rounds];
            double[] pipeFps = new double[rounds];
            double[] ratio = new double[rounds];
            long allocated = 0;
            long framesTimed = 0;
            System.out.printf(Locale.ROOT, "SSD-MobileNetV2 ONNX, 1 inference thread, vtest.avi, detect 1 in %d,"
                    + " %d rounds of %d%n", skip, rounds, n);
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    bare.run();
                }
                long t1 = System.nanoTime();
                paced.frames(12); // drain the backlog the pipeline built while waiting
                long a0 = pipelineAllocated(threads);
                long t2 = System.nanoTime();
                paced.frames(n);
                long t3 = System.nanoTime();
                allocated += pipelineAllocated(threads) - a0;
                framesTimed += n;
                bareFps[r] = n / ((t1 - t0) / 1e9);
                pipeFps[r] = n / ((t3 - t2) / 1e9);
                ratio[r] = pipeFps[r] / bareFps[r];
                System.out.printf(Locale.ROOT, "round %2d: bare %6.2f runs/s  pipeline %6.2f frames/s  ratio %.3f%n",
                        r, bareFps[r], pipeFps[r], ratio[r]);
            }
            double mb = median(bareFps);
            double mp = median(pipeFps);
            System.out.printf(Locale.ROOT, "median: bare %.2f runs/s (%.2f ms), pipeline %.2f frames/s;"
                    + " ratio of medians %.3f, median ratio %.3f (min %.3f, max %.3f)%n", mb, 1000 / mb, mp, mp / mb,
                    median(ratio), Arrays.stream(ratio).min().orElse(0), Arrays.stream(ratio).max().orElse(0));
            System.out.printf(Locale.ROOT, "pipeline threads allocated %.0f bytes a frame%n",
                    (double) allocated / framesTimed);
            PipelineStats s = paced.pipeline().stats();
            System.out.printf(Locale.ROOT, "stages p50 ms: capture %.2f, preprocess %.2f, inference %.2f, track %.2f%n",
                    s.p50Millis(Stage.CAPTURE), s.p50Millis(Stage.PREPROCESS), s.p50Millis(Stage.INFERENCE),
                    s.p50Millis(Stage.TRACK));
        }
    }

    private static long pipelineAllocated(com.sun.management.ThreadMXBean mx) {
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("edgecv-video-")) {
                sum += mx.getThreadAllocatedBytes(t.getId());
            }
        }
        return sum;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }
}
