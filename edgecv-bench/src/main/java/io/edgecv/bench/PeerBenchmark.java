package io.edgecv.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.EdgeCvException;
import io.edgecv.ImageInput;
import io.edgecv.ModelFormat;
import io.edgecv.preprocess.Preprocessor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * EdgeCV against the floor, side by side in one run: SSD-MobileNetV2 ONNX (300x300) on {@code dog.jpg}, same
 * intra-op thread count, same ONNX Runtime session settings (inter-op threads 1, all graph optimisations, CPU).
 *
 * <ul>
 *   <li>{@link #edgecvDetect}: EdgeCV end to end, photo in, detection list out.</li>
 *   <li>{@link #onnxRuntimeRun}: the floor: ONNX Runtime's own {@code OrtSession.run} on a pre-made
 *       {@code OnnxTensor} (holding the same preprocessed photo), its result closed, nothing else; what the
 *       model costs with no preprocessing, decoding or NMS at all.</li>
 *   <li>{@link #onnxRuntimeRunPinnedOutputs}: the same with the outputs pinned to pre-made tensors, as EdgeCV's
 *       ONNX backend does; the difference to {@link #onnxRuntimeRun} is ONNX Runtime's output allocation.</li>
 * </ul>
 * EdgeCV's overhead is {@code edgecvDetect / onnxRuntimeRun - 1}; {@link BenchMain} prints these ratios. With the
 * {@code djl} Maven profile, {@code DjlPeerBenchmark} adds DJL doing the same detection in the same run.
 *
 * <p>Thread-safety: a JMH state, used by one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class PeerBenchmark {
    /** Intra-op threads, the same for every peer. */
    @Param({"1"})
    public int threads;

    private Detector detector;
    private ImageInput image;
    private OrtSession ort;
    private OnnxTensor input;
    private Map<String, OnnxTensor> inputs;
    private Map<String, OnnxValue> pinnedOutputs;
    private Set<String> noOutputs;

    /**
     * Opens EdgeCV's detector and a bare ONNX Runtime session on the same file.
     *
     * @throws EdgeCvException if EdgeCV cannot open the model
     * @throws OrtException if ONNX Runtime cannot
     */
    @Setup(Level.Trial)
    public void open() throws EdgeCvException, OrtException {
        Path model = peerModel();
        image = BenchFixtures.readImage(BenchModel.SSD_MOBILENETV2.imageName());
        detector = Detector.builder().setModel(model).optBackend("onnx").optThreads(threads).build();

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(threads);
            opts.setInterOpNumThreads(1);
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            ort = env.createSession(model.toString(), opts);
        }
        var pre = detector.description().preprocessing();
        ByteBuffer buf = ByteBuffer.allocateDirect(pre.tensorBytes()).order(ByteOrder.nativeOrder());
        new Preprocessor(pre).apply(image, buf);
        input = OnnxTensor.createTensor(env, buf.asFloatBuffer(), pre.tensorShape());
        inputs = Map.of(ort.getInputNames().iterator().next(), input);
        pinnedOutputs = new HashMap<>();
        for (var e : ort.getOutputInfo().entrySet()) {
            TensorInfo info = (TensorInfo) e.getValue().getInfo();
            int n = Math.toIntExact(info.getNumElements());
            ByteBuffer out = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder());
            pinnedOutputs.put(e.getKey(), OnnxTensor.createTensor(env, out.asFloatBuffer(), info.getShape()));
        }
        noOutputs = Set.of();
        System.err.println("# EdgeCV on " + model.getFileName() + ": " + detector.detect(image));
    }

    /** @return the SSD-MobileNetV2 ONNX fixture; throws with where it is looked for if missing */
    static Path peerModel() {
        return BenchModel.SSD_MOBILENETV2.file(ModelFormat.ONNX).orElseThrow(() -> new IllegalStateException(
                "SSD-MobileNetV2 ONNX fixture missing: " + BenchFixtures.whereToPut()));
    }

    /**
     * @return the detections
     * @throws EdgeCvException if the backend fails
     */
    @Benchmark
    public List<Detection> edgecvDetect() throws EdgeCvException {
        return detector.detect(image);
    }

    /**
     * @return the number of outputs, read before the result is closed
     * @throws OrtException if ONNX Runtime fails
     */
    @Benchmark
    public int onnxRuntimeRun() throws OrtException {
        try (OrtSession.Result result = ort.run(inputs)) {
            return result.size();
        }
    }

    /**
     * @return the number of outputs (the pinned tensors, written in place)
     * @throws OrtException if ONNX Runtime fails
     */
    @Benchmark
    public int onnxRuntimeRunPinnedOutputs() throws OrtException {
        try (OrtSession.Result result = ort.run(inputs, noOutputs, pinnedOutputs)) {
            return result.size();
        }
    }

    /** Closes everything. */
    @TearDown(Level.Trial)
    public void close() throws OrtException {
        if (detector != null) {
            detector.close();
        }
        if (pinnedOutputs != null) {
            pinnedOutputs.values().forEach(OnnxValue::close);
        }
        if (input != null) {
            input.close();
        }
        if (ort != null) {
            ort.close();
        }
    }
}
