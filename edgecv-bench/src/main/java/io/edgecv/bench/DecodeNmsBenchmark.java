package io.edgecv.bench;

import io.edgecv.EdgeCvException;
import io.edgecv.decode.Decoder;
import io.edgecv.model.ModelDescription;
import io.edgecv.nms.Candidates;
import io.edgecv.nms.NonMaxSuppression;
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
 * Decoding plus NMS only: the model's {@link Decoder} over the outputs of one real inference of the photo (left
 * in the backend session's output buffers, where a detector reads them), at the description's confidence
 * threshold, then the description's NMS, as {@link io.edgecv.Detector#detect} does before it builds the list.
 * Pure Java on one thread.
 *
 * <p>Thread-safety: a JMH state, used by one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class DecodeNmsBenchmark {
    /** Backend name (whose outputs are decoded). */
    @Param({"onnx", "tflite", "ncnn", "tensorrt"})
    public String backend;

    /** {@link BenchModel} key. */
    @Param({"ssd_mobilenetv2", "blazeface"})
    public String model;

    private OpenedModel opened;
    private BackendSession session;
    private Decoder decoder;
    private ModelDescription description;
    private final Candidates candidates = new Candidates(256);
    private final Candidates merged = new Candidates(64);
    private final NonMaxSuppression nms = new NonMaxSuppression();
    private final int maxDetections = 100;

    /**
     * Opens the model and runs it once on the photo.
     *
     * @throws EdgeCvException if the backend cannot open or run the model
     */
    @Setup(Level.Trial)
    public void open() throws EdgeCvException {
        BenchTarget target = BenchTarget.resolve(backend, model).requireRunnable();
        opened = OpenedModel.open(target, 1);
        description = opened.describe();
        decoder = opened.decoder(description);
        new Preprocessor(description.preprocessing()).apply(BenchFixtures.readImage(target.model().imageName()),
                opened.bindInput(description.preprocessing()));
        session = opened.session();
        session.run();
        System.err.println("# " + target + ": " + decodeAndSuppress() + " boxes kept of " + candidates.size()
                + " candidates above " + description.confidence());
    }

    /** @return boxes kept, consumed by JMH */
    @Benchmark
    public int decodeAndSuppress() {
        candidates.clear(decoder.keypointCount());
        decoder.decode(session, description.confidence(), candidates);
        nms.suppress(description.nms(), candidates, description.iouThreshold(), maxDetections, merged);
        return nms.keptCount();
    }

    /** Closes the session. */
    @TearDown(Level.Trial)
    public void close() {
        if (opened != null) {
            opened.close();
        }
    }
}
