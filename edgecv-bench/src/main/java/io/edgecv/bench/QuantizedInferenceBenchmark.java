package io.edgecv.bench;

import io.edgecv.EdgeCvException;
import io.edgecv.quantize.QuantizationConfig;
import io.edgecv.quantize.QuantizationMode;
import io.edgecv.quantize.Quantizers;
import io.edgecv.spi.BackendSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * ONNX Runtime inference of the SSD-MobileNetV2 fixture as float32, static INT8 (QDQ, uint8 activations,
 * per-channel int8 weights, MinMax calibration on 8 fixed photos) and FP16, in one run: {@link BackendSession#run()}
 * on an input prefilled once with {@code dog.jpg}. The INT8 and FP16 models are made in the trial setup into a
 * temporary folder with {@link io.edgecv.quantize.Quantizer}, which needs {@code org.tribuo:tribuo-util-onnx} on
 * the class path (optional in edgecv-onnx).
 *
 * <p>Thread-safety: a JMH state, used by one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class QuantizedInferenceBenchmark {
    /** The photos the INT8 model is calibrated on (none of them is the benchmarked {@code dog.jpg}). */
    static final List<String> CALIBRATION = List.of("astronaut.png", "chelsea.png", "coffee.png", "eagle.jpg",
            "giraffe.jpg", "grace_hopper.jpg", "horses.jpg", "messi5.jpg");

    /** fp32 (the fixture), int8 (static QDQ) or fp16. */
    @Param({"fp32", "int8", "fp16"})
    public String precision;

    /** Intra-op threads of ONNX Runtime. */
    @Param({"1", "2"})
    public int threads;

    /** ONNX Runtime graph optimisation level. */
    @Param({"all"})
    public String optimization;

    private Path workDir;
    private BackendSession session;

    /**
     * Quantizes the fixture (for int8 and fp16), opens the model and fills its input once.
     *
     * @throws EdgeCvException if quantization or the backend fails
     * @throws IOException if the temporary folder cannot be made
     */
    @Setup(Level.Trial)
    public void open() throws EdgeCvException, IOException {
        Path fp32 = OnnxVariantSession.fp32Ssd();
        workDir = Files.createTempDirectory("edgecv-quantized-bench");
        Path model = fp32;
        if (!precision.equals("fp32")) {
            model = workDir.resolve("ssd-" + precision + ".onnx");
            QuantizationConfig.Builder cfg = QuantizationConfig.builder().optThreads(threads);
            if (precision.equals("int8")) {
                List<Path> photos = new ArrayList<>();
                CALIBRATION.forEach(n -> photos.add(BenchFixtures.image(n)));
                cfg.optMode(QuantizationMode.STATIC_INT8).optCalibrationImages(photos);
            } else if (precision.equals("fp16")) {
                cfg.optMode(QuantizationMode.FP16);
            } else {
                throw new IllegalArgumentException("precision " + precision + " is not fp32, int8 or fp16");
            }
            Quantizers.forModel(fp32).quantize(fp32, model, cfg.build());
        }
        session = OnnxVariantSession.open(fp32, model, threads, optimization);
    }

    /** @throws EdgeCvException if the backend fails */
    @Benchmark
    public void run() throws EdgeCvException {
        session.run();
    }

    /** Closes the session and deletes the quantized models. */
    @TearDown(Level.Trial)
    public void close() {
        OnnxVariantSession.close(session, workDir);
    }
}
