package io.edgecv.bench;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.DetectorBuilder;
import io.edgecv.EdgeCvException;
import io.edgecv.ImageInput;
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
 * End to end: {@link Detector#detect} on a decoded photo, which preprocesses into the backend's input memory,
 * runs the model, decodes, suppresses overlaps and builds the detection list. Per backend, model and intra-op
 * thread count; pairs that cannot run here are skipped with their reason (see {@link BenchMain}).
 *
 * <p>Thread-safety: a JMH state, used by one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class DetectorBenchmark {
    /** Backend name. */
    @Param({"onnx", "tflite", "ncnn", "tensorrt"})
    public String backend;

    /** {@link BenchModel} key. */
    @Param({"ssd_mobilenetv2", "blazeface"})
    public String model;

    /** Intra-op threads of the runtime. */
    @Param({"1", "2"})
    public int threads;

    private Detector detector;
    private ImageInput image;

    /**
     * Opens the detector and runs it once.
     *
     * @throws EdgeCvException if the backend cannot open the model
     */
    @Setup(Level.Trial)
    public void open() throws EdgeCvException {
        BenchTarget target = BenchTarget.resolve(backend, model).requireRunnable();
        image = BenchFixtures.readImage(target.model().imageName());
        DetectorBuilder builder = Detector.builder().setModel(target.file()).optBackend(backend).optThreads(threads);
        BenchProperties.forBackend(backend).forEach(builder::optBackendProperty);
        detector = builder.build();
        List<Detection> first = detector.detect(image);
        System.err.println("# " + target + ": " + first.size() + " detections on "
                + target.model().imageName() + (first.isEmpty() ? "" : ", best " + first.get(0)));
    }

    /**
     * @return the detections, consumed by JMH
     * @throws EdgeCvException if the backend fails
     */
    @Benchmark
    public List<Detection> detect() throws EdgeCvException {
        return detector.detect(image);
    }

    /** Closes the detector. */
    @TearDown(Level.Trial)
    public void close() {
        if (detector != null) {
            detector.close();
        }
    }
}
