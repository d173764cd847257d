package io.edgecv.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.ImageInput;
import io.edgecv.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One training step on SSD-MobileNetV2, written back: ONNX Runtime reads the new weights, Detector still detects. */
class SaveTrainedModelTest {
    @TempDir
    Path dir;

    @Test
    void aStepChangesOnlyTrainableWeightsAndTheSavedModelRunsInDetector() throws Exception {
        Assumptions.assumeTrue(Fixtures.available(), "the shared fixtures are not beside the checkout");
        Path source = Fixtures.model(Fixtures.SSD_ONNX);
        Path saved = dir.resolve("stepped.onnx");
        String input = "normalized_input_image_tensor";
        long[] shape = {1, 300, 300, 3};
        float[] x = Photos.nhwc(Fixtures.image("dog.jpg"), 300, 300);
        float[] expected;
        String trained;
        String frozen;
        try (OnnxTrainingGraph g = OnnxTrainingGraph.builder().setModel(source)
                .optFrozen(Pattern.compile(".*BoxPredictor_0.*")).build()) {
            trained = g.parameters().keySet().stream().filter(n -> n.contains("ClassPredictor")).findFirst()
                    .orElseThrow();
            assertThat(g.parameters().keySet()).noneMatch(n -> n.contains("BoxPredictor_0"));
            try (NDManager step = g.manager().newSubManager()) {
                try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray logits = g.forward(step, Map.of(input, step.create(x, new Shape(shape))))
                            .get("raw_outputs/class_predictions");
                    gc.backward(logits.mean());
                }
                for (NDArray p : g.parameters().values()) {
                    p.subi(p.getGradient().mul(1e-3));
                }
                expected = g.forward(step, Map.of(input, step.create(x, new Shape(shape))))
                        .get("raw_outputs/class_predictions").toFloatArray();
            }
            g.save(saved);
        }
        ModelProto before = ModelProto.parseFrom(Files.readAllBytes(source));
        ModelProto after = ModelProto.parseFrom(Files.readAllBytes(saved));
        assertThat(after.getGraph().getNodeList()).isEqualTo(before.getGraph().getNodeList());
        frozen = before.getGraph().getInitializerList().stream().filter(t -> t.getName().contains("BoxPredictor_0"))
                .findFirst().orElseThrow().getName();
        assertThat(initializer(after, frozen)).isEqualTo(initializer(before, frozen));
        assertThat(initializer(after, trained)).isNotEqualTo(initializer(before, trained));

        float[] ort = OrtReference.run(Files.readAllBytes(saved), Map.of(input, x), Map.of(input, shape))
                .get("raw_outputs/class_predictions");
        assertThat(OrtReference.maxAbsDiff(ort, expected)).isLessThanOrEqualTo(1e-4);

        List<String> labels = Files.readAllLines(Fixtures.model("object_detection_oidv4_labelmap.txt"));
        try (Detector d = Detector.builder().setModel(saved).optLabels(labels).build()) {
            List<Detection> found = d.detect(ImageInput.read(Fixtures.image("dog.jpg")));
            assertThat(found).anyMatch(det -> det.label().equals("Dog"));
        }
    }

    private static com.google.protobuf.ByteString initializer(ModelProto m, String name) {
        return m.getGraph().getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow().getRawData();
    }

    @Test
    void theWrittenModelPassesOnnxsOwnChecker() throws Exception {
        Assumptions.assumeTrue(Fixtures.available(), "the shared fixtures are not beside the checkout");
        Path saved = dir.resolve("rewritten.onnx");
        try (OnnxTrainingGraph g = OnnxTrainingGraph.builder().setModel(Fixtures.model(Fixtures.FACE_FRONT_ONNX))
                .build()) {
            g.save(saved);
        }
        OnnxChecker.check(saved);
    }

    @Test
    void unsupportedOperatorsAreAllNamedAtOnce() {
        ModelProto m = new TestGraphs(1).input("x", 1, 4).node("Gelu", new String[] {"x"}, new String[] {"a"})
                .node("LSTM", new String[] {"a"}, new String[] {"b"}).node("Relu", new String[] {"b"},
                        new String[] {"y"}).output("y").model(13);
        assertThatThrownBy(() -> OnnxTrainingGraph.builder().setModel(m).build())
                .isInstanceOf(UnsupportedOperatorException.class)
                .hasMessageContaining("Gelu, LSTM")
                .satisfies(e -> assertThat(((UnsupportedOperatorException) e).operators())
                        .containsExactly("Gelu", "LSTM"));
    }

    @Test
    void anUnsupportedResizeSettingIsRefusedWithTheNodeAndTheSetting() {
        ModelProto m = new TestGraphs(1).input("x", 1, 2, 3, 3).floats("scales", new float[] {1, 1, 2, 2}, 4)
                .node("Resize", new String[] {"x", "", "scales"}, new String[] {"y"},
                        TestGraphs.s("mode", "linear"), TestGraphs.s("coordinate_transformation_mode", "align_corners"))
                .output("y").model(13);
        try (OnnxTrainingGraph g = OnnxTrainingGraph.builder().setModel(m).build();
                NDManager step = g.manager().newSubManager()) {
            assertThatThrownBy(() -> g.forward(step, Map.of("x", step.zeros(new Shape(1, 2, 3, 3)))))
                    .isInstanceOf(UnsupportedOperatorException.class)
                    .hasMessageContaining("Resize").hasMessageContaining("align_corners");
        }
    }
}
