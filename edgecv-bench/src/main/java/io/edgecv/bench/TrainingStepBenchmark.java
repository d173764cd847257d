package io.edgecv.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.edgecv.train.DistillationLoss;
import io.edgecv.train.OnnxTrainingGraph;
import io.edgecv.train.StudentOptimizer;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
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
 * One distillation training step of the SSD-MobileNetV2 fixture as the student on libtorch, 2 intra-op threads:
 * forward, the distillation loss against fixed targets (the model's own outputs on {@code dog.jpg}), backward and
 * the AdamW update. {@code all}: every weight trainable; {@code heads}: the prediction heads only. Images per
 * second = 1000 / the score in ms. The teacher's inference (ONNX Runtime, about 40 ms here) is not included:
 * {@code InferenceBenchmark} measures it.
 *
 * <p>Thread-safety: a JMH state, used by one benchmark thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 8, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx3g"})
public class TrainingStepBenchmark {
    /** all or heads. */
    @Param({"all", "heads"})
    public String trainable;

    private OnnxTrainingGraph graph;
    private StudentOptimizer optimizer;
    private DistillationLoss loss;
    private float[] input;
    private float[] logits;
    private float[] boxes;
    private final Shape shape = new Shape(1, 300, 300, 3);

    /** Opens the student, makes the input and the targets. */
    @Setup(Level.Trial)
    public void open() throws IOException {
        Path model = OnnxVariantSession.fp32Ssd();
        graph = OnnxTrainingGraph.builder().setModel(model).optFrozen(Pattern.compile(trainable.equals("heads")
                ? "(?!BoxPredictor_).*" : "(?!)")).build();
        ai.djl.pytorch.jni.JniUtils.setNumThreads(2);
        optimizer = StudentOptimizer.builder().setTotalSteps(1_000_000).optLearningRate(1e-5f).build();
        loss = DistillationLoss.builder().optSigmoidScores(true).optForegroundWeight(50f).build();
        BufferedImage img = new BufferedImage(300, 300, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.drawImage(ImageIO.read(BenchFixtures.image("dog.jpg").toFile()), 0, 0, 300, 300, null);
        g.dispose();
        input = new float[300 * 300 * 3];
        for (int i = 0; i < 300 * 300; i++) {
            int rgb = img.getRGB(i % 300, i / 300);
            input[3 * i] = ((rgb >> 16) & 255) / 127.5f - 1;
            input[3 * i + 1] = ((rgb >> 8) & 255) / 127.5f - 1;
            input[3 * i + 2] = (rgb & 255) / 127.5f - 1;
        }
        try (NDManager scope = graph.manager().newSubManager()) {
            Map<String, NDArray> out = graph.forward(scope, Map.of("normalized_input_image_tensor",
                    scope.create(input, shape)));
            logits = out.get("raw_outputs/class_predictions").toFloatArray();
            boxes = out.get("raw_outputs/box_encodings").toFloatArray();
        }
    }

    /** @return the loss, so that nothing is optimised away */
    @Benchmark
    public float step() {
        float value;
        try (NDManager scope = graph.manager().newSubManager()) {
            try (GradientCollector gc = ai.djl.engine.Engine.getEngine("PyTorch").newGradientCollector()) {
                Map<String, NDArray> out = graph.forward(scope, Map.of("normalized_input_image_tensor",
                        scope.create(input, shape)));
                NDArray s = out.get("raw_outputs/class_predictions");
                NDArray b = out.get("raw_outputs/box_encodings");
                NDArray t = scope.create(logits, s.getShape());
                NDArray l = loss.classLoss(s, t, null).add(loss.boxLoss(b, scope.create(boxes, b.getShape()), t));
                value = l.getFloat();
                gc.backward(l);
            }
            optimizer.step(graph);
        }
        return value;
    }

    /** Frees the student. */
    @TearDown(Level.Trial)
    public void close() {
        optimizer.close();
        graph.close();
    }
}
