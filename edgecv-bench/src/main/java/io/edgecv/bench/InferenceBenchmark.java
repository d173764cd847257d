package io.edgecv.bench;

import io.edgecv.EdgeCvException;
import io.edgecv.model.ModelDescription;
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
 * Inference only: {@link BackendSession#run()} on an input buffer prefilled once with the preprocessed photo, with
 * nothing of EdgeCV's pipeline around it. The difference to {@link DetectorBenchmark} is EdgeCV's own work.
 *
 * <p>Thread-safety: a JMH state, used by one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
public class InferenceBenchmark {
    /** Backend name. */
    @Param({"onnx", "tflite", "ncnn", "tensorrt"})
    public String backend;

    /** {@link BenchModel} key. */
    @Param({"ssd_mobilenetv2", "blazeface"})
    public String model;

    /** Intra-op threads of the runtime. */
    @Param({"1", "2"})
    public int threads;

    private OpenedModel opened;
    private BackendSession session;

    /**
     * Opens the session and fills its input once.
     *
     * @throws EdgeCvException if the backend cannot open the model
     */
    @Setup(Level.Trial)
    public void open() throws EdgeCvException {
        BenchTarget target = BenchTarget.resolve(backend, model).requireRunnable();
        opened = OpenedModel.open(target, threads);
        ModelDescription d = opened.describe();
        new Preprocessor(d.preprocessing()).apply(BenchFixtures.readImage(target.model().imageName()),
                opened.bindInput(d.preprocessing()));
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
