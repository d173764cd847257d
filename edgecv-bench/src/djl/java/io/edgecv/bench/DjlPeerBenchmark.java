package io.edgecv.bench;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.modality.cv.Image;
import ai.djl.modality.cv.ImageFactory;
import ai.djl.modality.cv.output.DetectedObjects;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.edgecv.EdgeCvException;
import io.edgecv.decode.Decoder;
import io.edgecv.model.ModelDescription;
import io.edgecv.spi.TensorSpec;
import java.io.IOException;
import java.nio.file.Path;
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
 * DJL 0.38 with its ONNX Runtime engine doing the same detection as {@link PeerBenchmark}: the same ONNX file,
 * the same photo (decoded once into a DJL {@link Image}, as EdgeCV's photo is decoded once), the same intra-op
 * thread count, inter-op threads 1 and all graph optimisations; {@code predictor.predict(image)} returns DJL
 * {@link DetectedObjects}. Preprocessing is DJL's (see {@link DjlSsdTranslator}); decoding and NMS reuse EdgeCV's
 * SSD decoder on the float arrays DJL returns, because DJL has none for these raw outputs.
 *
 * <p>Built only with the Maven profile {@code djl}. DJL runs offline ({@code -Dai.djl.offline=true}): its ONNX
 * Runtime engine uses the {@code com.microsoft.onnxruntime} jar from Maven (the same version as EdgeCV) and
 * downloads nothing. Run it beside the others with {@code java -jar benchmarks.jar Peer}.
 *
 * <p>Thread-safety: a JMH state, used by one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-Dai.djl.offline=true"})
public class DjlPeerBenchmark {
    private static final int SIZE = 300;

    /** Intra-op threads, the same as {@link PeerBenchmark#threads}. */
    @Param({"1"})
    public int threads;

    private ZooModel<Image, DetectedObjects> model;
    private Predictor<Image, DetectedObjects> predictor;
    private Image image;

    /**
     * Loads the model with DJL and predicts once.
     *
     * @throws Exception if DJL cannot load or run it
     */
    @Setup(Level.Trial)
    public void open() throws EdgeCvException, IOException, ModelNotFoundException, MalformedModelException,
            TranslateException {
        System.setProperty("ai.djl.offline", "true");
        // DJL's engine creates the process-wide OrtEnvironment with its own threading options and fails if one
        // exists already, so it must start before EdgeCV (which reads the model's outputs below) touches ONNX Runtime
        Engine.getEngine("OnnxRuntime");
        Path file = PeerBenchmark.peerModel();
        image = ImageFactory.getInstance().fromFile(BenchFixtures.image(BenchModel.SSD_MOBILENETV2.imageName()));
        Criteria<Image, DetectedObjects> criteria = Criteria.builder()
                .setTypes(Image.class, DetectedObjects.class)
                .optModelPath(file)
                .optEngine("OnnxRuntime")
                .optOption("intraOpNumThreads", Integer.toString(threads))
                .optOption("interOpNumThreads", "1")
                .optOption("optLevel", "ALL_OPT")
                .optTranslator(translatorFor())
                .build();
        model = criteria.loadModel();
        predictor = model.newPredictor();
        System.err.println("# DJL on " + file.getFileName() + ": " + predictor.predict(image));
    }

    /** EdgeCV's SSD decoder, thresholds and labels for the model, read from the model once with EdgeCV. */
    private static DjlSsdTranslator translatorFor() throws EdgeCvException {
        try (OpenedModel m = OpenedModel.open(BenchTarget.resolve("onnx", BenchModel.SSD_MOBILENETV2.key())
                .requireRunnable(), 1)) {
            ModelDescription d = m.describe();
            Decoder decoder = m.decoder(d);
            List<TensorSpec> outputs = m.signature().outputs();
            String[] names = new String[outputs.size()];
            long[][] shapes = new long[outputs.size()][];
            for (int i = 0; i < names.length; i++) {
                names[i] = outputs.get(i).name();
                shapes[i] = outputs.get(i).shape();
            }
            return new DjlSsdTranslator(SIZE, d, decoder, names, shapes);
        }
    }

    /**
     * @return DJL's detections
     * @throws TranslateException if DJL fails
     */
    @Benchmark
    public DetectedObjects djlPredict() throws TranslateException {
        return predictor.predict(image);
    }

    /** Closes the predictor and model. */
    @TearDown(Level.Trial)
    public void close() {
        if (predictor != null) {
            predictor.close();
        }
        if (model != null) {
            model.close();
        }
    }
}
