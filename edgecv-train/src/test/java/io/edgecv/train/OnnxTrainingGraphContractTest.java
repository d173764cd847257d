package io.edgecv.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.ModelProto;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Parameters versus settings, freezing, bad input and closing. */
class OnnxTrainingGraphContractTest {
    private static ModelProto convClip() {
        return new TestGraphs(3).input("x", 1, 2, 4, 4).weight("conv.w", 0, 1, 3, 2, 1, 1).weight("conv.b", 0, 1, 3)
                .floats("lo", new float[] {0f}).floats("hi", new float[] {6f}).longs("shape", 1, -1)
                .node("Conv", new String[] {"x", "conv.w", "conv.b"}, new String[] {"c"})
                .node("Clip", new String[] {"c", "lo", "hi"}, new String[] {"r"})
                .node("Reshape", new String[] {"r", "shape"}, new String[] {"y"}).output("y").model(13);
    }

    @Test
    void weightsAreParametersAndSettingsAreNot() {
        try (OnnxTrainingGraph g = OnnxTrainingGraph.builder().setModel(convClip()).build()) {
            assertThat(g.parameters().keySet()).containsExactly("conv.w", "conv.b");
            assertThat(g.inputNames()).containsExactly("x");
        }
        try (OnnxTrainingGraph g = OnnxTrainingGraph.builder().setModel(convClip())
                .optFrozen(Pattern.compile(".*\\.b")).build()) {
            assertThat(g.parameters().keySet()).containsExactly("conv.w");
        }
    }

    @Test
    void badInputIsRefusedWithWhatToDo() {
        assertThatThrownBy(() -> OnnxTrainingGraph.builder().setModel(Path.of("/no/such/model.onnx")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/no/such/model.onnx");
        assertThatThrownBy(() -> OnnxTrainingGraph.builder().optFloatType(DataType.INT32))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("int32");
        assertThatThrownBy(() -> OnnxTrainingGraph.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("setModel");
        try (OnnxTrainingGraph g = OnnxTrainingGraph.builder().setModel(convClip()).build();
                NDManager step = g.manager().newSubManager()) {
            assertThatThrownBy(() -> g.forward(step, Map.of("image", step.zeros(new Shape(1, 2, 4, 4)))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x'")
                    .hasMessageContaining("image");
        }
    }

    @Test
    void closeIsIdempotentAndAClosedGraphRefusesWork() {
        OnnxTrainingGraph g = OnnxTrainingGraph.builder().setModel(convClip()).build();
        g.close();
        g.close();
        assertThatThrownBy(g::manager).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatThrownBy(g::toModel).isInstanceOf(IllegalStateException.class);
    }
}
