package io.edgecv.bench;

import io.edgecv.EdgeCvException;
import io.edgecv.ImageInput;
import io.edgecv.model.ModelDescription;
import io.edgecv.preprocess.ImageTransform;
import io.edgecv.preprocess.Preprocessor;
import java.nio.ByteBuffer;
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
 * Preprocessing only: {@link Preprocessor#apply} of the model's photo (decoded once) into the backend session's
 * own input buffer, with the preprocessing EdgeCV finds for the model on that backend (resize, normalisation,
 * layout, element type). Pure Java on one thread, so there is no thread-count parameter.
 *
 * <p>Thread-safety: a JMH state, used by one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class PreprocessBenchmark {
    /** Backend name (the preprocessing follows that backend's input tensor). */
    @Param({"onnx", "tflite", "ncnn", "tensorrt"})
    public String backend;

    /** {@link BenchModel} key. */
    @Param({"ssd_mobilenetv2", "blazeface"})
    public String model;

    private OpenedModel opened;
    private Preprocessor preprocessor;
    private ImageInput image;
    private ByteBuffer input;

    /**
     * Opens the model to learn its preprocessing and input buffer.
     *
     * @throws EdgeCvException if the backend cannot open the model
     */
    @Setup(Level.Trial)
    public void open() throws EdgeCvException {
        BenchTarget target = BenchTarget.resolve(backend, model).requireRunnable();
        opened = OpenedModel.open(target, 1);
        ModelDescription d = opened.describe();
        preprocessor = new Preprocessor(d.preprocessing());
        input = opened.bindInput(d.preprocessing());
        image = BenchFixtures.readImage(target.model().imageName());
    }

    /** @return the transform back to photo pixels, consumed by JMH */
    @Benchmark
    public ImageTransform apply() {
        return preprocessor.apply(image, input);
    }

    /** Closes the session. */
    @TearDown(Level.Trial)
    public void close() {
        if (opened != null) {
            opened.close();
        }
    }
}
