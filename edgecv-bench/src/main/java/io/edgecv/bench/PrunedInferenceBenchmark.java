package io.edgecv.bench;

import io.edgecv.EdgeCvException;
import io.edgecv.prune.Importance;
import io.edgecv.prune.PruningConfig;
import io.edgecv.prune.Pruners;
import io.edgecv.quantize.QuantizationConfig;
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
 * ONNX Runtime inference (1 thread) of the SSD-MobileNetV2 fixture unpruned, pruned (structured, data-driven,
 * refitted) and pruned then quantized to static INT8: {@link BackendSession#run()} on an input prefilled once with
 * {@code dog.jpg}. The pruned models are made in the trial setup from the 8 calibration photos (a few minutes), or
 * read from {@code -Dedgecv.bench.pruned=<file>} (for example one written by {@link PruningCurve} with a few
 * hundred calibration frames). JMH runs the variants one after another; for ratios measured side by side, run
 * {@link PruningCurve}, which interleaves them in one JVM.
 *
 * <p>Thread-safety: a JMH state, used by one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx2g"})
public class PrunedInferenceBenchmark {
    /** fp32 (the fixture), pruned, or pruned-int8. */
    @Param({"fp32", "pruned", "pruned-int8"})
    public String variant;

    /** Pruning ratio (of the groups' MACs) when the pruned model is made here (ridge 0.01); 0.2 is recommended. */
    @Param({"0.2"})
    public double ratio;

    private Path workDir;
    private BackendSession session;

    /**
     * Prunes (and quantizes) the fixture, opens the model and fills its input once.
     *
     * @throws EdgeCvException if pruning, quantization or the backend fails
     * @throws IOException if the temporary folder cannot be made
     */
    @Setup(Level.Trial)
    public void open() throws EdgeCvException, IOException {
        Path fp32 = OnnxVariantSession.fp32Ssd();
        workDir = Files.createTempDirectory("edgecv-pruned-bench");
        List<Path> photos = new ArrayList<>();
        QuantizedInferenceBenchmark.CALIBRATION.forEach(n -> photos.add(BenchFixtures.image(n)));
        Path model = fp32;
        if (!variant.equals("fp32")) {
            String given = System.getProperty("edgecv.bench.pruned");
            model = given != null ? Path.of(given) : workDir.resolve("ssd-pruned.onnx");
            if (given == null) {
                Pruners.forModel(fp32).prune(fp32, model, PruningConfig.builder().optRatio(ratio)
                        .optImportance(Importance.ACTIVATION).optRidge(0.01).optCalibrationImages(photos).build());
            }
            if (variant.equals("pruned-int8")) {
                Path int8 = workDir.resolve("ssd-pruned-int8.onnx");
                Quantizers.forModel(model).quantize(model, int8, QuantizationConfig.builder()
                        .optCalibrationImages(photos).build());
                model = int8;
            } else if (!variant.equals("pruned")) {
                throw new IllegalArgumentException("variant " + variant + " is not fp32, pruned or pruned-int8");
            }
        }
        session = OnnxVariantSession.open(fp32, model, 1, "all");
    }

    /** @throws EdgeCvException if the backend fails */
    @Benchmark
    public void run() throws EdgeCvException {
        session.run();
    }

    /** Closes the session and deletes the models made here. */
    @TearDown(Level.Trial)
    public void close() {
        OnnxVariantSession.close(session, workDir);
    }
}
