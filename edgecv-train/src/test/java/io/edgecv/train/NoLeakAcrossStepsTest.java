package io.edgecv.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.onnx.proto.OnnxMl.ModelProto;
import java.lang.reflect.Field;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A training loop must not grow the graph's own manager: every step's arrays (including temporaries made from
 * parameters, which DJL attaches to the parameters' manager) are released with the step.
 */
class NoLeakAcrossStepsTest {
    @Test
    void stepsDoNotAccumulateArraysInTheGraphsManager() throws Exception {
        ModelProto m = new TestGraphs(5).input("x", 2, 3, 4, 4).weight("w", 0, 0.5, 4, 3, 3, 3)
                .weight("sc", 1, 0.1, 4).weight("bi", 0, 0.1, 4).weight("mu", 0, 0.1, 4)
                .floats("var", new float[] {1, 1, 1, 1}, 4).weight("gw", 0, 0.5, 5, 4).weight("gb", 0, 0.5, 5)
                .floats("lo", new float[] {0f}).floats("hi", new float[] {6f})
                .node("Conv", new String[] {"x", "w"}, new String[] {"c"}, TestGraphs.ints("pads", 1, 1, 1, 1))
                .node("BatchNormalization", new String[] {"c", "sc", "bi", "mu", "var"}, new String[] {"n"})
                .node("Clip", new String[] {"n", "lo", "hi"}, new String[] {"r"})
                .node("GlobalAveragePool", new String[] {"r"}, new String[] {"p"})
                .node("Flatten", new String[] {"p"}, new String[] {"f"})
                .node("Gemm", new String[] {"f", "gw", "gb"}, new String[] {"y"}, TestGraphs.i("transB", 1))
                .output("y").model(13);
        try (StudentOptimizer opt = StudentOptimizer.builder().setTotalSteps(40).build();
             OnnxTrainingGraph g = OnnxTrainingGraph.builder().setModel(m).build()) {
            g.setTraining(true);
            int afterWarmUp = 0;
            for (int step = 0; step < 40; step++) {
                try (NDManager scope = g.manager().newSubManager()) {
                    try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                        NDArray y = g.forward(scope, Map.of("x", scope.randomNormal(new Shape(2, 3, 4, 4))))
                                .get("y");
                        gc.backward(y.square().mean());
                    }
                    opt.step(g);
                }
                if (step == 4) {
                    afterWarmUp = live(g.manager());
                }
            }
            assertThat(live(g.manager())).as("arrays held by the graph's manager after 40 steps")
                    .isEqualTo(afterWarmUp);
        }
    }

    private static int live(NDManager manager) throws Exception {
        Field f = BaseNDManager.class.getDeclaredField("resources");
        f.setAccessible(true);
        return ((Map<?, ?>) f.get(manager)).size();
    }
}
