package io.edgecv.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** AdamW's guard: a step whose gradients overflowed is skipped, leaving the weights as they were. */
class StudentOptimizerTest {
    @Test
    void aNonFiniteStepIsSkippedAndTheNextOneUpdates() throws Exception {
        ModelProto m = new TestGraphs(3).input("x", 1, 2, 3, 3).weight("w", 0, 0.5, 2, 2, 1, 1)
                .node("Conv", new String[] {"x", "w"}, new String[] {"y"}).output("y").model(13);
        try (StudentOptimizer opt = StudentOptimizer.builder().setTotalSteps(4).optLearningRate(1e-2f).build();
             OnnxTrainingGraph g = OnnxTrainingGraph.builder().setModel(m).build()) {
            float[] before = g.parameters().get("w").toFloatArray();
            step(g, Float.POSITIVE_INFINITY);
            double norm = opt.step(g);
            assertThat(Double.isFinite(norm)).as("norm %s", norm).isFalse();
            assertThat(opt.skippedSteps()).isEqualTo(1);
            assertThat(g.parameters().get("w").toFloatArray()).as("weights after the skipped step")
                    .containsExactly(before);
            assertThat(g.parameters().get("w").getGradient().abs().sum().getFloat()).isZero();
            step(g, 1f);
            assertThat(opt.step(g)).isFinite();
            assertThat(opt.skippedSteps()).isEqualTo(1);
            assertThat(g.parameters().get("w").toFloatArray()).as("weights after a finite step")
                    .isNotEqualTo(before);
        }
    }

    private static void step(OnnxTrainingGraph g, float scale) {
        try (NDManager scope = g.manager().newSubManager();
             GradientCollector gc = Libtorch.engine().newGradientCollector()) {
            NDArray x = scope.ones(new Shape(1, 2, 3, 3));
            NDArray y = g.forward(scope, Map.of("x", x)).get("y");
            gc.backward(y.mul(scale).sum());
        }
    }
}
