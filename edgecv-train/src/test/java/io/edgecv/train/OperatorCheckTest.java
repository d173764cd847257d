package io.edgecv.train;

import static io.edgecv.train.TestGraphs.f;
import static io.edgecv.train.TestGraphs.i;
import static io.edgecv.train.TestGraphs.ints;
import static io.edgecv.train.TestGraphs.s;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every supported operator on a small generated graph: forward against ONNX Runtime (float32, the independent
 * reference for the operator's semantics) and gradients against central finite differences (float64).
 */
class OperatorCheckTest {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorCheckTest.class);
    private static final String[] X = {"x"};

    /** A generated graph with one input "x" of the given shape. */
    static final class Case {
        final ModelProto model;
        final long[] shape;
        final boolean training;

        Case(ModelProto model, long[] shape, boolean training) {
            this.model = model;
            this.shape = shape;
            this.training = training;
        }
    }

    private static Arguments c(String name, long opset, long[] shape, Function<TestGraphs, TestGraphs> body) {
        return c(name, opset, shape, false, body);
    }

    private static Arguments c(String name, long opset, long[] shape, boolean training,
            Function<TestGraphs, TestGraphs> body) {
        TestGraphs g = new TestGraphs(name.hashCode()).input("x", shape);
        return Arguments.of(Named.of(name, new Case(body.apply(g).model(opset), shape, training)));
    }

    private static String[] a(String... names) {
        return names;
    }

    static Stream<Arguments> cases() {
        long[] img = {1, 4, 6, 6};
        return Stream.of(
            c("Conv grouped, asymmetric pads, strides, dilations", 13, img, g -> g.weight("w", 0, 0.5, 4, 2, 3, 3)
                .weight("b", 0, 0.5, 4).node("Conv", a("x", "w", "b"), a("y"), i("group", 2),
                        ints("pads", 1, 0, 2, 1), ints("strides", 2, 1), ints("dilations", 1, 2)).output("y")),
            c("Conv depthwise, SAME_UPPER", 13, img, g -> g.weight("w", 0, 0.5, 4, 1, 3, 3)
                .node("Conv", a("x", "w"), a("y"), i("group", 4), s("auto_pad", "SAME_UPPER"),
                        ints("strides", 2, 2)).output("y")),
            c("BatchNormalization inference + Relu", 13, img, g -> g.weight("sc", 1, 0.3, 4).weight("bi", 0, 0.3, 4)
                .weight("mu", 0, 0.3, 4).floats("var", new float[] {0.5f, 1f, 1.5f, 2f}, 4)
                .node("BatchNormalization", a("x", "sc", "bi", "mu", "var"), a("n"), f("epsilon", 1e-3f))
                .node("Relu", a("n"), a("y")).output("y")),
            c("Clip (opset 13 bounds as inputs) + Sigmoid", 13, img, g -> g.floats("lo", new float[] {-0.5f})
                .floats("hi", new float[] {0.7f}).node("Clip", a("x", "lo", "hi"), a("c"))
                .node("Sigmoid", a("c"), a("y")).output("y")),
            c("Clip (opset 6 attributes)", 6, img, g -> g.node("Clip", X, a("y"), f("min", -0.4f), f("max", 0.6f))
                .output("y")),
            c("Add Sub Mul Div with broadcasting", 13, new long[] {2, 3, 4}, g -> g.weight("p", 0, 1, 3, 1)
                .weight("q", 2, 0.2, 4).weight("r", 0, 1, 1, 4).node("Add", a("x", "p"), a("t1"))
                .node("Mul", a("t1", "r"), a("t2")).node("Div", a("t2", "q"), a("t3"))
                .node("Sub", a("p", "t3"), a("y")).output("y")),
            c("Concat + Split (sizes input) + Slice (negative start, step 2)", 13, img, g -> g
                .weight("w", 0, 1, 1, 2, 6, 6).longs("sizes", 1, 5).longs("st", -5, 0).longs("en", 6, 100)
                .longs("ax", 2, 3).longs("sp", 2, 1)
                .node("Concat", a("x", "w"), a("c"), i("axis", 1))
                .node("Split", a("c", "sizes"), a("y1", "s2"), i("axis", 1))
                .node("Slice", a("s2", "st", "en", "ax", "sp"), a("y2")).output("y1").output("y2")),
            c("Reshape (0 and -1) + Transpose + Flatten", 13, img, g -> g.longs("shape", 0, -1, 4)
                .node("Reshape", a("x", "shape"), a("r")).node("Transpose", a("r"), a("t"), ints("perm", 2, 0, 1))
                .node("Flatten", a("t"), a("y"), i("axis", 2)).output("y")),
            c("MaxPool symmetric pads, ceil_mode", 13, new long[] {1, 2, 7, 7}, g -> g.node("MaxPool", X, a("y"),
                ints("kernel_shape", 3, 3), ints("strides", 2, 2), ints("pads", 1, 1, 1, 1), i("ceil_mode", 1))
                .output("y")),
            c("MaxPool asymmetric pads (BlazeFace style)", 12, img, g -> g.node("MaxPool", X, a("y"),
                ints("kernel_shape", 2, 2), ints("strides", 2, 2), ints("pads", 0, 0, 1, 1)).output("y")),
            c("AveragePool count_include_pad=0 + GlobalAveragePool", 13, img, g -> g.node("AveragePool", X,
                a("p"), ints("kernel_shape", 3, 3), ints("strides", 2, 2), ints("pads", 1, 1, 1, 1))
                .node("GlobalAveragePool", a("p"), a("y")).output("y").output("p")),
            c("Resize nearest x2 (scales) + Pad constant", 13, new long[] {1, 2, 3, 3}, g -> g
                .floats("scales", new float[] {1, 1, 2, 2}, 4).longs("pads", 0, 0, 1, 2, 0, 0, 2, 1)
                .floats("val", new float[] {0.5f})
                .node("Resize", a("x", "", "scales"), a("r"), s("mode", "nearest"))
                .node("Pad", a("r", "pads", "val"), a("y")).output("y")),
            c("Resize nearest by sizes, asymmetric floor", 13, new long[] {1, 2, 3, 3}, g -> g
                .longs("sizes", 1, 2, 9, 6).node("Resize", a("x", "", "", "sizes"), a("y"),
                        s("coordinate_transformation_mode", "asymmetric"), s("nearest_mode", "floor")).output("y")),
            c("Exp (YOLO-style box decoding)", 13, new long[] {2, 3, 4}, g -> g.node("Exp", X, a("y")).output("y")),
            c("Sigmoid, Pow by a constant 2 (YOLOv5 box sizes) + Neg", 13, new long[] {2, 3, 4}, g -> g
                .floats("two", new float[] {2f}).node("Sigmoid", X, a("p")).node("Pow", a("p", "two"), a("q"))
                .node("Neg", a("q"), a("y")).output("y")),
            c("LeakyRelu + Tanh", 13, new long[] {2, 3, 4}, g -> g.node("LeakyRelu", X, a("l"), f("alpha", 0.1f))
                .node("Tanh", a("l"), a("y")).output("y")),
            c("HardSigmoid (alpha, beta) + HardSwish", 14, new long[] {2, 3, 4}, g -> g.weight("k", 3, 0.5, 1)
                .node("Mul", a("x", "k"), a("m")).node("HardSigmoid", a("m"), a("y1"), f("alpha", 0.25f),
                        f("beta", 0.4f)).node("HardSwish", a("m"), a("y2")).output("y1").output("y2")),
            c("Resize linear x2 (scales, half_pixel)", 13, new long[] {1, 2, 3, 3}, g -> g
                .floats("scales", new float[] {1, 1, 2, 2}, 4)
                .node("Resize", a("x", "", "scales"), a("y"), s("mode", "linear")).output("y")),
            c("Resize linear by sizes (3x4 to 5x7), pytorch_half_pixel", 13, new long[] {1, 2, 3, 4}, g -> g
                .longs("sizes", 1, 2, 5, 7).node("Resize", a("x", "", "", "sizes"), a("y"), s("mode", "linear"),
                        s("coordinate_transformation_mode", "pytorch_half_pixel")).output("y")),
            c("Softmax opset 13 (one axis)", 13, new long[] {2, 3, 4}, g -> g.node("Softmax", X, a("y"),
                i("axis", 1)).output("y")),
            c("Softmax opset 11 (coerced to 2-D)", 11, new long[] {2, 3, 4}, g -> g.node("Softmax", X, a("y"),
                i("axis", 1)).output("y")),
            c("Gemm transB alpha beta + MatMul batched", 13, new long[] {3, 5}, g -> g.weight("w", 0, 1, 4, 5)
                .weight("b", 0, 1, 4).weight("m", 0, 1, 2, 4, 3).node("Gemm", a("x", "w", "b"), a("g"),
                        i("transB", 1), f("alpha", 0.5f), f("beta", 2f)).node("MatMul", a("g", "m"), a("y"))
                .output("y")),
            c("ConstantOfShape + Concat (BlazeFace channel padding)", 12, img, g -> g.longs("shp", 1, 2, 6, 6)
                .node("ConstantOfShape", a("shp"), a("z")).node("Concat", a("x", "z"), a("y"), i("axis", 1))
                .output("y")),
            c("BatchNormalization training (batch statistics)", 13, new long[] {3, 4, 3, 3}, true, g -> g
                .weight("sc", 1, 0.3, 4).weight("bi", 0, 0.3, 4).weight("mu", 0, 0.3, 4)
                .floats("var", new float[] {0.5f, 1f, 1.5f, 2f}, 4)
                .node("BatchNormalization", a("x", "sc", "bi", "mu", "var"), a("y")).output("y")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void forwardMatchesOnnxRuntimeAndGradientsMatchFiniteDifferences(Case c) throws Exception {
        TestGraphs rng = new TestGraphs(42);
        int n = (int) new Shape(c.shape).size();
        float[] x = rng.randomInput(n);
        if (!c.training) {
            Map<String, float[]> ref = OrtReference.run(c.model.toByteArray(), Map.of("x", x), Map.of("x", c.shape));
            try (OnnxTrainingGraph g = OnnxTrainingGraph.builder().setModel(c.model).build();
                    NDManager step = g.manager().newSubManager()) {
                Map<String, NDArray> out = g.forward(step, Map.of("x", step.create(x, new Shape(c.shape))));
                assertThat(out.keySet()).containsExactlyElementsOf(ref.keySet());
                for (String name : ref.keySet()) {
                    double d = OrtReference.maxAbsDiff(out.get(name).toFloatArray(), ref.get(name));
                    LOG.info("forward max|Δ| vs ONNX Runtime: {} ({}): {}", c.model.getGraph().getNode(0)
                            .getOpType(), name, d);
                    assertThat(d).as("output " + name).isLessThanOrEqualTo(1e-5);
                }
            }
        }
        double[] xd = new double[n];
        for (int k = 0; k < n; k++) {
            xd[k] = x[k];
        }
        Map<String, double[]> in = new LinkedHashMap<>();
        in.put("x", xd);
        double err = new GradientCheck(c.model, in, Map.of("x", c.shape), c.training).maxError();
        LOG.info("gradient check max relative error: {}", err);
        assertThat(err).isLessThan(1e-6);
    }

}
