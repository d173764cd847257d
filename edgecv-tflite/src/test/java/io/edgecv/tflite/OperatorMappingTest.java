package io.edgecv.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgecv.onnx.convert.TfLiteToOnnx;
import io.edgecv.onnx.convert.UnsupportedModelException;
import io.edgecv.spi.Backends;
import io.edgecv.tflite.TinyFlatBuffer.Table;
import io.edgecv.tflite.convert.RawParity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each operator mapping of {@link TfLiteToOnnx} on a small generated TFLite graph, run by TensorFlow Lite
 * (reference kernels) and by ONNX Runtime on the same random input, converted with NHWC and with NCHW inputs
 * and outputs (opset 13), and with the highest opset the converter writes. Odd sizes make SAME padding asymmetric; a 1x1 convolution in front of an operator makes it run on
 * NCHW values inside the ONNX graph.
 */
class OperatorMappingTest {
    private static final float TOLERANCE = 1e-5f;
    private static final int SAME = 0;
    private static final int VALID = 1;

    @TempDir
    static Path dir;

    static Stream<Arguments> graphs() {
        return Stream.of(
                graph("conv SAME stride 2 RELU6, conv VALID dilated", OperatorMappingTest::conv),
                graph("depthwise SAME stride 2 multiplier 2 RELU", OperatorMappingTest::depthwise),
                graph("transpose conv SAME with bias, VALID", OperatorMappingTest::transposeConv),
                graph("fully connected on a 4-D input", OperatorMappingTest::fullyConnected),
                graph("add sub mul div maximum minimum with broadcasting", OperatorMappingTest::arithmetic),
                graph("concatenation (axis -1) and reshape", OperatorMappingTest::concatReshape),
                graph("pad and padv2", OperatorMappingTest::pad),
                graph("max and average pools", OperatorMappingTest::pools),
                graph("mean", OperatorMappingTest::mean),
                graph("activations", OperatorMappingTest::activations),
                graph("resize bilinear and nearest, every coordinate mode", OperatorMappingTest::resize),
                graph("transpose and softmax", OperatorMappingTest::transposeSoftmax),
                graph("dequantize of float16 and int8 weights", OperatorMappingTest::dequantize),
                graph("depth to space and space to depth", OperatorMappingTest::depthSpace));
    }

    private static Arguments graph(String name, Supplier<byte[]> model) {
        return Arguments.of(name, model);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("graphs")
    void matchesTfLite(String name, Supplier<byte[]> model) throws Exception {
        assumeTrue(Backends.availability(RawParity.TFLITE).isAvailable());
        assumeTrue(Backends.availability(RawParity.ONNX).isAvailable());
        Path tflite = dir.resolve(name.replaceAll("\\W+", "_") + ".tflite");
        Files.write(tflite, model.get());
        int[][] variants = {{0, TfLiteToOnnx.DEFAULT_OPSET}, {1, TfLiteToOnnx.DEFAULT_OPSET},
            {0, TfLiteToOnnx.MAX_OPSET}};
        for (int[] variant : variants) {
            boolean nchw = variant[0] == 1;
            Path onnx = dir.resolve(tflite.getFileName() + (nchw ? ".nchw" : "") + "." + variant[1] + ".onnx");
            TfLiteToOnnx.builder().optNchw(nchw).optOpset(variant[1]).build().convertModel(tflite, onnx);
            Map<String, RawParity.Diff> diffs = RawParity.compare(tflite, onnx, null, nchw,
                    Map.of("tflite.probe", "none"));
            System.err.printf("%s%s opset %d: %s%n", name, nchw ? " (NCHW)" : "", variant[1], diffs);
            assertThat(diffs).isNotEmpty();
            diffs.forEach((out, d) -> assertThat(d.maxAbs()).as("%s: %s differs by %s", name, out, d)
                    .isLessThanOrEqualTo(TOLERANCE));
        }
    }

    @Test
    void refusesEveryUnsupportedOperatorAndQuantizedTensorAtOnce() throws Exception {
        TinyGraph g = new TinyGraph();
        int x = g.input("x", 1, 4, 4, 3);
        int q = g.constantInt8("q", new long[] {3}, 0, new float[] {0.1f}, (byte) 1, (byte) 2, (byte) 3);
        int a = g.tensor("a", 1, 4, 4, 3);
        int b = g.tensor("b", 1, 4, 4, 3);
        int c = g.tensor("c", 1, 4, 4, 3);
        g.op(36, 23, new Table(), new int[] {x, g.ints("idx", 0)}, a)          // GATHER
                .op(128, 102, new Table(), new int[] {a, g.ints("axis", 1)}, b) // CUMSUM
                .op(0, 11, new Table(), new int[] {b, q}, c)                   // ADD of an int8 tensor
                .output(c);
        Path tflite = dir.resolve("unsupported.tflite");
        Files.write(tflite, g.build());
        assertThatThrownBy(() -> TfLiteToOnnx.convert(tflite, dir.resolve("unsupported.onnx")))
                .isInstanceOfSatisfying(UnsupportedModelException.class, e -> assertThat(e.problems())
                        .anySatisfy(p -> assertThat(p).contains("GATHER (1 use)"))
                        .anySatisfy(p -> assertThat(p).contains("CUMSUM (1 use)"))
                        .anySatisfy(p -> assertThat(p).contains("operator 2 (ADD) reads INT8 tensor 'q'")))
                .hasMessageContaining("unsupported.tflite");
        assertThat(dir.resolve("unsupported.onnx")).doesNotExist();
    }

    private static float[] random(int n, float scale, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (r.nextFloat() * 2f - 1f) * scale;
        }
        return v;
    }

    private static Table convOptions(int padding, int stride, int fused, int dilation) {
        return new Table().scalar(0, 1, padding).scalar(1, 4, stride).scalar(2, 4, stride).scalar(3, 1, fused)
                .scalar(4, 4, dilation).scalar(5, 4, dilation);
    }

    /** A 1x1 convolution from {@code c} to {@code out} channels: puts its output in NCHW inside ONNX. */
    private static int pointwise(TinyGraph g, int x, long h, long w, int c, int out, long seed) {
        int wt = g.constant("pw_w" + seed, new long[] {out, 1, 1, c}, random(out * c, 1f, seed));
        int y = g.tensor("pw" + seed, 1, h, w, out);
        int b = g.constant("pw_b" + seed, new long[] {out}, random(out, 0.5f, seed + 100));
        g.op(3, 1, convOptions(VALID, 1, 0, 1), new int[] {x, wt, b}, y);
        return y;
    }

    private static byte[] conv() {
        TinyGraph g = new TinyGraph();
        int x = g.input("x", 1, 9, 9, 3);
        int w = g.constant("w", new long[] {4, 3, 3, 3}, random(108, 2f, 1));
        int b = g.constant("b", new long[] {4}, random(4, 1f, 2));
        int y = g.tensor("y", 1, 5, 5, 4);
        int w2 = g.constant("w2", new long[] {2, 3, 3, 4}, random(72, 1f, 3));
        int z = g.tensor("z", 1, 1, 1, 2);
        g.op(3, 1, convOptions(SAME, 2, 3, 1), new int[] {x, w, b}, y)
                .op(3, 1, convOptions(VALID, 1, 0, 2), new int[] {y, w2, g.constant("b2", new long[] {2}, 0f, 1f)},
                        z);
        return g.output(y).output(z).build();
    }

    private static byte[] depthwise() {
        TinyGraph g = new TinyGraph();
        int x = g.input("x", 1, 8, 8, 3);
        int w = g.constant("w", new long[] {1, 3, 3, 6}, random(54, 1f, 4));
        int b = g.constant("b", new long[] {6}, random(6, 1f, 5));
        int y = g.tensor("y", 1, 4, 4, 6);
        g.op(4, 2, new Table().scalar(0, 1, SAME).scalar(1, 4, 2).scalar(2, 4, 2).scalar(3, 4, 2).scalar(4, 1, 1)
                .scalar(5, 4, 1).scalar(6, 4, 1), new int[] {x, w, b}, y);
        return g.output(y).build();
    }

    private static byte[] transposeConv() {
        TinyGraph g = new TinyGraph();
        int x = g.input("x", 1, 4, 4, 4);
        int w = g.constant("w", new long[] {2, 3, 3, 4}, random(72, 1f, 6));
        int b = g.constant("b", new long[] {2}, random(2, 1f, 7));
        int y = g.tensor("y", 1, 8, 8, 2);
        int z = g.tensor("z", 1, 9, 9, 2);
        g.op(67, 49, new Table().scalar(0, 1, SAME).scalar(1, 4, 2).scalar(2, 4, 2),
                        new int[] {g.ints("shape", 1, 8, 8, 2), w, x, b}, y)
                .op(67, 49, new Table().scalar(0, 1, VALID).scalar(1, 4, 2).scalar(2, 4, 2),
                        new int[] {g.ints("shape2", 1, 9, 9, 2), w, x}, z);
        return g.output(y).output(z).build();
    }

    private static byte[] fullyConnected() {
        TinyGraph g = new TinyGraph();
        int x = g.input("x", 1, 2, 2, 3);
        int w = g.constant("w", new long[] {5, 12}, random(60, 1f, 8));
        int b = g.constant("b", new long[] {5}, random(5, 1f, 9));
        int y = g.tensor("y", 1, 5);
        g.op(9, 8, new Table().scalar(0, 1, 1), new int[] {x, w, b}, y);
        return g.output(y).build();
    }

    private static byte[] arithmetic() {
        TinyGraph g = new TinyGraph();
        int x = g.input("x", 1, 4, 4, 3);
        int y = pointwise(g, x, 4, 4, 3, 3, 10);
        int[] t = new int[6];
        for (int i = 0; i < t.length; i++) {
            t[i] = g.tensor("t" + i, 1, 4, 4, 3);
        }
        g.op(0, 11, new Table().scalar(0, 1, 1), new int[] {y, g.constant("c3", new long[] {3}, 0.5f, -0.5f, 1f)},
                        t[0])
                .op(18, 21, new Table(), new int[] {t[0], g.constant("c1113", new long[] {1, 1, 1, 3}, 2f, -1f, 3f)},
                        t[1])
                .op(41, 28, new Table(), new int[] {t[1], x}, t[2])
                .op(42, 29, new Table(), new int[] {t[2], g.constant("d", new long[] {3}, 2f, 4f, -8f)}, t[3])
                .op(55, 39, new Table(), new int[] {t[3], g.constant("m", new long[] {1}, -0.2f)}, t[4])
                .op(57, 39, new Table(), new int[] {t[4], x}, t[5]);
        return g.output(t[5]).output(t[2]).build();
    }

    private static byte[] concatReshape() {
        TinyGraph g = new TinyGraph();
        int x = g.input("x", 1, 4, 4, 3);
        int y = pointwise(g, x, 4, 4, 3, 2, 11);
        int c = g.tensor("c", 1, 4, 4, 5);
        int r = g.tensor("r", 1, 16, 5);
        g.op(2, 10, new Table().scalar(0, 4, -1).scalar(1, 1, 0), new int[] {y, x}, c)
                .op(22, 17, new Table(), new int[] {c, g.ints("shape", 1, 16, 5)}, r);
        return g.output(r).build();
    }

    private static byte[] pad() {
        TinyGraph g = new TinyGraph();
        int x = g.input("x", 1, 5, 5, 3);
        int y = pointwise(g, x, 5, 5, 3, 4, 12);
        int p = g.tensor("p", 1, 8, 8, 7);
        int q = g.tensor("q", 1, 7, 5, 3);
        g.op(34, 22, new Table(), new int[] {y, g.ints("pads", new long[] {4, 2}, 0, 0, 1, 2, 2, 1, 0, 3)}, p)
                .op(60, 43, new Table(), new int[] {x, g.ints("pads2", new long[] {4, 2}, 0, 0, 1, 1, 0, 0, 0, 0),
                    g.constant("value", new long[] {}, 0.5f)}, q);
        return g.output(p).output(q).build();
    }

    private static Table pool(int padding, int stride, int filter) {
        return new Table().scalar(0, 1, padding).scalar(1, 4, stride).scalar(2, 4, stride).scalar(3, 4, filter)
                .scalar(4, 4, filter).scalar(5, 1, 0);
    }

    private static byte[] pools() {
        TinyGraph g = new TinyGraph();
        int x = g.input("x", 1, 9, 9, 3);
        int a = g.tensor("max", 1, 5, 5, 3);
        int b = g.tensor("avg_same", 1, 5, 5, 3);
        int c = g.tensor("avg_valid", 1, 4, 4, 3);
        g.op(17, 5, pool(SAME, 2, 3), new int[] {x}, a).op(1, 5, pool(SAME, 2, 3), new int[] {x}, b)
                .op(1, 5, pool(VALID, 2, 2), new int[] {x}, c);
        return g.output(a).output(b).output(c).build();
    }

    private static byte[] mean() {
        TinyGraph g = new TinyGraph();
        int x = g.input("x", 1, 6, 6, 3);
        int y = pointwise(g, x, 6, 6, 3, 4, 13);
        int a = g.tensor("keep", 1, 1, 1, 4);
        int b = g.tensor("flat", 1, 4);
        int c = g.tensor("rows", 1, 6, 3);
        g.op(40, 27, new Table().scalar(0, 1, 1), new int[] {y, g.ints("hw", 1, 2)}, a)
                .op(40, 27, new Table().scalar(0, 1, 0), new int[] {y, g.ints("hw2", 1, 2)}, b)
                .op(40, 27, new Table().scalar(0, 1, 0), new int[] {x, g.ints("w", 2)}, c);
        return g.output(a).output(b).output(c).build();
    }

    private static byte[] activations() {
        TinyGraph g = new TinyGraph();
        int x = g.input("x", 1, 4, 4, 3);
        int y = pointwise(g, x, 4, 4, 3, 3, 14);
        int[][] ops = {{19, 0}, {21, 0}, {20, 0}, {14, 0}, {28, 0}, {117, 91}};
        for (int[] op : ops) {
            int out = g.tensor("act" + op[0], 1, 4, 4, 3);
            g.op(op[0], op[1], op[1] == 0 ? null : new Table(), new int[] {y}, out).output(out);
        }
        int leaky = g.tensor("leaky", 1, 4, 4, 3);
        g.op(98, 75, new Table().scalar(0, 4, Float.floatToIntBits(0.2f)), new int[] {y}, leaky).output(leaky);
        int prelu = g.tensor("prelu", 1, 4, 4, 3);
        g.op(54, 0, null, new int[] {y, g.constant("alpha", new long[] {1, 1, 3}, 0.1f, 0.2f, 0.3f)}, prelu)
                .output(prelu);
        return g.build();
    }

    private static byte[] resize() {
        TinyGraph g = new TinyGraph();
        int x = g.input("x", 1, 5, 5, 3);
        int y = pointwise(g, x, 5, 5, 3, 2, 15);
        int[][] modes = {{0, 0}, {1, 0}, {0, 1}};
        for (int[] m : modes) {
            int bl = g.tensor("bilinear" + m[0] + m[1], 1, 8, 8, 2);
            int nn = g.tensor("nearest" + m[0] + m[1], 1, 8, 8, 2);
            int down = g.tensor("down" + m[0] + m[1], 1, 3, 3, 2);
            g.op(23, 15, new Table().scalar(2, 1, m[0]).scalar(3, 1, m[1]), new int[] {y, g.ints("s", 8, 8)}, bl)
                    .op(97, 74, new Table().scalar(0, 1, m[0]).scalar(1, 1, m[1]),
                            new int[] {y, g.ints("s2", 8, 8)}, nn)
                    .op(23, 15, new Table().scalar(2, 1, m[0]).scalar(3, 1, m[1]),
                            new int[] {y, g.ints("s3", 3, 3)}, down)
                    .output(bl).output(nn).output(down);
        }
        return g.build();
    }

    private static byte[] transposeSoftmax() {
        TinyGraph g = new TinyGraph();
        int x = g.input("x", 1, 4, 5, 3);
        int y = pointwise(g, x, 4, 5, 3, 2, 16);
        int a = g.tensor("nchw", 1, 2, 4, 5);
        int b = g.tensor("hw", 1, 5, 4, 3);
        int r = g.tensor("flat", 1, 60);
        int s = g.tensor("softmax", 1, 60);
        g.op(39, 26, new Table(), new int[] {y, g.ints("perm", 0, 3, 1, 2)}, a)
                .op(39, 26, new Table(), new int[] {x, g.ints("perm2", 0, 2, 1, 3)}, b)
                .op(22, 17, new Table(), new int[] {x, g.ints("shape", 1, 60)}, r)
                .op(25, 9, new Table().scalar(0, 4, Float.floatToIntBits(0.5f)), new int[] {r}, s);
        return g.output(a).output(b).output(s).build();
    }

    private static byte[] dequantize() {
        TinyGraph g = new TinyGraph();
        int x = g.input("x", 1, 6, 6, 3);
        int half = g.constantFp16("w16", new long[] {4, 3, 3, 3}, random(108, 1f, 17));
        int w = g.tensor("w", 4, 3, 3, 3);
        int y = g.tensor("y", 1, 6, 6, 4);
        byte[] q = new byte[8];
        for (int i = 0; i < q.length; i++) {
            q[i] = (byte) (i * 29 - 100);
        }
        int int8 = g.constantInt8("w8", new long[] {2, 1, 1, 4}, 0, new float[] {0.01f, 0.02f}, q);
        int w2 = g.tensor("w2", 2, 1, 1, 4);
        int z = g.tensor("z", 1, 6, 6, 2);
        int b = g.constant("b", new long[] {4}, 0.1f, 0.2f, 0.3f, 0.4f);
        int b2 = g.constant("b2", new long[] {2}, -0.1f, 0.1f);
        g.op(6, 0, null, new int[] {half}, w).op(3, 1, convOptions(SAME, 1, 0, 1), new int[] {x, w, b}, y)
                .op(6, 0, null, new int[] {int8}, w2).op(3, 1, convOptions(SAME, 1, 0, 1), new int[] {y, w2, b2}, z);
        return g.output(z).build();
    }

    private static byte[] depthSpace() {
        TinyGraph g = new TinyGraph();
        int x = g.input("x", 1, 4, 6, 3);
        int y = pointwise(g, x, 4, 6, 3, 8, 18);
        int d = g.tensor("d2s", 1, 8, 12, 2);
        int s = g.tensor("s2d", 1, 2, 3, 12);
        g.op(5, 94, new Table().scalar(0, 4, 2), new int[] {y}, d).op(26, 19, new Table().scalar(0, 4, 2),
                new int[] {x}, s);
        return g.output(d).output(s).build();
    }
}
