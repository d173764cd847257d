package io.edgecv.onnx.prune;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Builds small NCHW float graphs with random weights at test time (opset 13), for the dependency-group cases:
 * convolutions (optionally with chosen weak filters, which L1 importance must remove first), depthwise
 * convolutions, activations, Add, Mul, Concat, Split, MaxPool, Resize, global pooling, Flatten and Gemm.
 */
final class TestGraph {
    private final GraphProto.Builder g = GraphProto.newBuilder().setName("test");
    private final Random random = new Random(42);
    private final Map<String, Integer> channels = new HashMap<>();
    private int counter;
    /** Filters made weak on purpose: node name -> output channels. */
    final Map<String, Set<Integer>> weak = new HashMap<>();

    TestGraph(int c, int size) {
        g.addInput(value("input", 1, c, size, size));
        channels.put("input", c);
    }

    int channels(String tensor) {
        return channels.get(tensor);
    }

    /** A convolution with random weights; filters listed in {@code weakFilters} get weights 1000x smaller. */
    String conv(String name, String x, int cout, int k, int stride, int... weakFilters) {
        int cin = channels.get(x);
        float[] w = new float[cout * cin * k * k];
        float[] b = new float[cout];
        Set<Integer> weakSet = new HashSet<>();
        for (int f : weakFilters) {
            weakSet.add(f);
        }
        for (int o = 0; o < cout; o++) {
            float scale = weakSet.contains(o) ? 1e-3f : 1f;
            for (int i = 0; i < cin * k * k; i++) {
                w[o * cin * k * k + i] = (float) (random.nextGaussian() * scale / Math.sqrt(cin * k * k));
            }
            b[o] = (float) random.nextGaussian() * 0.1f * scale;
        }
        weak.put(name, weakSet);
        String out = name + "_out";
        g.addInitializer(floats(name + "_W", w, cout, cin, k, k)).addInitializer(floats(name + "_B", b, cout));
        g.addNode(NodeProto.newBuilder().setOpType("Conv").setName(name).addInput(x).addInput(name + "_W")
                .addInput(name + "_B").addOutput(out).addAttribute(ints("kernel_shape", k, k))
                .addAttribute(ints("strides", stride, stride)).addAttribute(ints("pads", k / 2, k / 2, k / 2, k / 2)));
        channels.put(out, cout);
        return out;
    }

    String depthwise(String name, String x) {
        int c = channels.get(x);
        float[] w = new float[c * 9];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian() / 3;
        }
        String out = name + "_out";
        g.addInitializer(floats(name + "_W", w, c, 1, 3, 3));
        g.addNode(NodeProto.newBuilder().setOpType("Conv").setName(name).addInput(x).addInput(name + "_W")
                .addOutput(out).addAttribute(ints("kernel_shape", 3, 3)).addAttribute(ints("pads", 1, 1, 1, 1))
                .addAttribute(AttributeProto.newBuilder().setName("group").setType(AttributeProto.AttributeType.INT)
                        .setI(c)));
        channels.put(out, c);
        return out;
    }

    /** Inference BatchNormalization; channels in {@code weakScales} get a scale 1000x smaller. */
    String batchNorm(String name, String x, int... weakScales) {
        int c = channels.get(x);
        float[][] p = new float[4][c];
        for (int i = 0; i < c; i++) {
            p[0][i] = 0.5f + random.nextFloat();
            p[1][i] = (float) random.nextGaussian() * 0.1f;
            p[2][i] = (float) random.nextGaussian() * 0.1f;
            p[3][i] = 0.5f + random.nextFloat();
        }
        for (int w : weakScales) {
            p[0][w] = 1e-3f;
        }
        String[] names = {"_scale", "_B", "_mean", "_var"};
        NodeProto.Builder n = NodeProto.newBuilder().setOpType("BatchNormalization").setName(name).addInput(x);
        for (int k = 0; k < 4; k++) {
            g.addInitializer(floats(name + names[k], p[k], c));
            n.addInput(name + names[k]);
        }
        g.addNode(n.addOutput(name + "_out"));
        channels.put(name + "_out", c);
        return name + "_out";
    }

    String op(String opType, String... inputs) {
        String out = opType.toLowerCase() + "_" + (counter++);
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(opType).setName(out).addOutput(out);
        for (String i : inputs) {
            n.addInput(i);
        }
        g.addNode(n);
        channels.put(out, channels.getOrDefault(inputs[0], -1));
        return out;
    }

    /** @return a scalar float constant */
    String scalar(String name, float value) {
        g.addInitializer(floats(name, new float[] {value}));
        return name;
    }

    /** SiLU as Ultralytics exports it: x * Sigmoid(x). */
    String silu(String x) {
        return op("Mul", x, op("Sigmoid", x));
    }

    String concat(String... inputs) {
        return concatOn(1, inputs);
    }

    String concatOn(int axis, String... inputs) {
        String out = op("Concat", inputs);
        g.setNode(g.getNodeCount() - 1, g.getNode(g.getNodeCount() - 1).toBuilder().addAttribute(
                AttributeProto.newBuilder().setName("axis").setType(AttributeProto.AttributeType.INT).setI(axis)));
        int c = 0;
        for (String i : inputs) {
            c += channels.get(i);
        }
        channels.put(out, c);
        return out;
    }

    /** Split on the channel axis with explicit sizes (an input, as opset 13 has it). */
    String[] split(String x, long... sizes) {
        String name = "split_" + (counter++);
        g.addInitializer(TensorProto.newBuilder().setName(name + "_sizes").setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(sizes.length).setRawData(longs(sizes)));
        NodeProto.Builder n = NodeProto.newBuilder().setOpType("Split").setName(name).addInput(x)
                .addInput(name + "_sizes").addAttribute(AttributeProto.newBuilder().setName("axis")
                        .setType(AttributeProto.AttributeType.INT).setI(1));
        String[] outs = new String[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            outs[i] = name + "_" + i;
            n.addOutput(outs[i]);
            channels.put(outs[i], (int) sizes[i]);
        }
        g.addNode(n);
        return outs;
    }

    String maxPool(String x, int k) {
        String out = op("MaxPool", x);
        g.setNode(g.getNodeCount() - 1, g.getNode(g.getNodeCount() - 1).toBuilder()
                .addAttribute(ints("kernel_shape", k, k)).addAttribute(ints("pads", k / 2, k / 2, k / 2, k / 2)));
        return out;
    }

    /** Nearest 2x upsampling with Resize scales, as Ultralytics exports nn.Upsample. */
    String upsample(String x) {
        String scales = "scales_" + (counter++);
        g.addInitializer(floats(scales, new float[] {1, 1, 2, 2}, 4));
        String out = op("Resize", x, "", scales);
        g.setNode(g.getNodeCount() - 1, g.getNode(g.getNodeCount() - 1).toBuilder().addAttribute(AttributeProto
                .newBuilder().setName("mode").setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8("nearest"))));
        return out;
    }

    /** Global average pool, Flatten and a Gemm with {@code n} outputs (transB = 1). */
    String classifier(String x, int n) {
        String flat = op("Flatten", op("GlobalAveragePool", x));
        int c = channels.get(x);
        float[] w = new float[n * c];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian() / c;
        }
        String name = "gemm_" + (counter++);
        g.addInitializer(floats(name + "_W", w, n, c)).addInitializer(floats(name + "_B", new float[n], n));
        g.addNode(NodeProto.newBuilder().setOpType("Gemm").setName(name).addInput(flat).addInput(name + "_W")
                .addInput(name + "_B").addOutput(name + "_out").addAttribute(AttributeProto.newBuilder()
                        .setName("transB").setType(AttributeProto.AttributeType.INT).setI(1)));
        return name + "_out";
    }

    /** Reshape to a constant shape. */
    String reshape(String x, long... shape) {
        String name = "shape_" + (counter++);
        g.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(shape.length).setRawData(longs(shape)));
        return op("Reshape", x, name);
    }

    /** Zeros of a constant shape from ConstantOfShape, as tf2onnx writes BlazeFace's channel padding. */
    String zeros(long... shape) {
        String name = "zeros_shape_" + (counter++);
        g.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(shape.length).setRawData(longs(shape)));
        String out = op("ConstantOfShape", name);
        channels.put(out, (int) shape[1]);
        return out;
    }

    /** Declares a rank-4 graph output with symbolic dimensions. */
    TestGraph output(String tensor) {
        return output(tensor, 4);
    }

    /** Declares a graph output of that rank with symbolic dimensions. */
    TestGraph output(String tensor, int rank) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (int d = 0; d < rank; d++) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(tensor + "_d" + d));
        }
        g.addOutput(ValueInfoProto.newBuilder().setName(tensor).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))));
        return this;
    }

    ModelProto build() {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("edgecv-test").setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13)).build();
    }

    Path write(Path file) throws IOException {
        Files.write(file, build().toByteArray());
        return file;
    }

    private static ValueInfoProto value(String name, long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(s))).build();
    }

    static TensorProto floats(String name, float[] v, long... dims) {
        ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(v);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(buf.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    private static ByteString longs(long[] v) {
        ByteBuffer buf = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(v);
        return ByteString.copyFrom(buf.array());
    }

    private static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }
}
