package io.edgecv.bench;

import io.edgecv.EdgeCvException;
import io.edgecv.model.InputDefaults;
import io.edgecv.preprocess.Preprocessing;
import io.edgecv.preprocess.Preprocessor;
import io.edgecv.spi.BackendSession;
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
 * Scaling: inference-only latency against input size (320, 416, 640 square) and intra-op threads (1, 2), per
 * backend. The subject is PaddleOCR's PP-OCRv3 text detector ({@code ppocr_det}, a DBNet on MobileNetV3): a fully
 * convolutional network whose input {@code [1,3,H,W]} takes any size, shipped on Maven Central both as ONNX and
 * as NCNN, so the same network scales on both runtimes. The fixture detectors (SSD, BlazeFace) have fixed input
 * sizes baked into their anchor reshapes and cannot be resized. The input is fixed with
 * {@link BackendSession#setInputShape} and filled once with the photo (ImageNet normalisation, as PaddleOCR).
 *
 * <p>Thread-safety: a JMH state, used by one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class ScalingBenchmark {
    /** Backend name. */
    @Param({"onnx", "ncnn", "tensorrt", "tflite"})
    public String backend;

    /** {@link BenchModel} key: a model with a dynamic input size. */
    @Param({"ppocr_det"})
    public String model;

    /** Input side in pixels. */
    @Param({"320", "416", "640"})
    public int size;

    /** Intra-op threads of the runtime. */
    @Param({"1", "2"})
    public int threads;

    private OpenedModel opened;
    private BackendSession session;

    /**
     * Opens the model, fixes its input to {@code size x size} and fills it once.
     *
     * @throws EdgeCvException if the backend cannot open the model or take that size
     */
    @Setup(Level.Trial)
    public void open() throws EdgeCvException {
        BenchTarget target = BenchTarget.resolve(backend, model).requireRunnable();
        opened = OpenedModel.open(target, threads);
        Preprocessing pre = InputDefaults.from(opened.signature(), 0)
                .setSize(size, size)
                .optNormalize(new float[] {123.675f, 116.28f, 103.53f}, new float[] {58.395f, 57.12f, 57.375f})
                .build();
        new Preprocessor(pre).apply(BenchFixtures.readImage(target.model().imageName()), opened.bindInput(pre));
        session = opened.session();
        session.run();
    }

    /** @throws EdgeCvException if the backend fails */
    @Benchmark
    public void run() throws EdgeCvException {
        session.run();
    }

    /** @return the session the benchmark runs (for tests), after {@link #open} */
    BackendSession session() {
        return session;
    }

    /** Closes the session. */
    @TearDown(Level.Trial)
    public void close() {
        if (opened != null) {
            opened.close();
        }
    }
}
