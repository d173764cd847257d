package io.edgecv.bench;

import io.edgecv.EdgeCvException;
import io.edgecv.spi.BackendSession;
import io.edgecv.video.pipeline.DetectionModel;
import io.edgecv.video.source.SourceUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The video pipeline against the bare runtime on SSD-MobileNetV2 (ONNX, 1 inference thread) and {@code vtest.avi}:
 * {@code pipelinedFrame} is one frame through the whole pipeline (FFmpeg decode, preprocessing, inference,
 * decoding, NMS, ByteTrack) in steady state, {@code bareRun} one {@code session.run()} of the same model. With
 * {@code skip=1} their ratio is the pipeline's overhead over the runtime's own rate; run with {@code -prof gc} for
 * the bytes allocated per frame (JMH counts every thread's allocations, the pipeline's stage threads included).
 * For the same ratio measured interleaved in one JVM, see {@link PipelineThroughput}.
 *
 * <p>Thread-safety: a JMH state, used by one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class VideoPipelineBenchmark {
    /** Detect one frame in this many. */
    @Param({"1", "3"})
    public int skip;

    private DetectionModel pipelineModel;
    private DetectionModel bareModel;
    private BackendSession bare;
    private PacedPipeline paced;

    /**
     * Opens two sessions of the model (one for the pipeline, one bare) and starts the pipeline.
     *
     * @throws EdgeCvException if the model cannot be opened
     * @throws IOException if the video cannot be read
     * @throws SourceUnavailableException if FFmpeg is missing
     * @throws InterruptedException if interrupted
     */
    @Setup(Level.Trial)
    public void open() throws EdgeCvException, IOException, SourceUnavailableException, InterruptedException {
        Path model = BenchFixtures.file("models", "ssd_mobilenetv2_oidv4.onnx").orElseThrow(
                () -> new IllegalStateException("SSD fixture missing: " + BenchFixtures.whereToPut()));
        Path video = BenchFixtures.file("video", "vtest.avi").orElseThrow(
                () -> new IllegalStateException("vtest.avi missing: " + BenchFixtures.whereToPut()));
        pipelineModel = DetectionModel.builder().setModel(model).optBackend("onnx").optThreads(1)
                .optConfidence(0.1f).optClasses("Person").build();
        bareModel = DetectionModel.builder().setModel(model).optBackend("onnx").optThreads(1).build();
        bare = bareModel.session();
        bare.run();
        paced = new PacedPipeline(pipelineModel, video, skip);
        paced.frames(20);
    }

    /**
     * @throws EdgeCvException if the runtime fails
     */
    @Benchmark
    public void bareRun() throws EdgeCvException {
        bare.run();
    }

    /**
     * @throws EdgeCvException if a stage fails
     * @throws InterruptedException if interrupted
     */
    @Benchmark
    public void pipelinedFrame() throws EdgeCvException, InterruptedException {
        paced.frames(1);
    }

    /** Stops the pipeline and closes both sessions. */
    @TearDown(Level.Trial)
    public void close() {
        if (paced != null) {
            paced.close();
        }
        if (pipelineModel != null) {
            pipelineModel.close();
        }
        if (bareModel != null) {
            bareModel.close();
        }
    }
}
