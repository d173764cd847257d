package io.edgecv.onnx.convert;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

/**
 * The ONNX graph being written: nodes, initializers, inputs and outputs, with unique value names. Names given
 * through {@link #reserve} (the model's inputs and outputs) are never handed out by {@link #fresh}.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class OnnxGraph {
    static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    static final int INT64 = TensorProto.DataType.INT64_VALUE;

    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("tflite");
    private final Set<String> used = new HashSet<>();
    private int nodes;

    void reserve(String name) {
        used.add(name);
    }

    /**
     * @return the readable part of a TFLite tensor name: TFLite joins the names of fused TensorFlow nodes with
     *         ';', most specific first, which makes names of several hundred characters; the first is kept
     */
    static String readable(String tfliteName) {
        int semi = tfliteName.indexOf(';');
        return semi < 0 ? tfliteName : tfliteName.substring(0, semi);
    }

    /** @return a value name not used yet: the readable part of {@code base}, numbered if taken */
    String fresh(String base) {
        String b = base == null || base.isEmpty() ? "v" : readable(base);
        String name = b;
        for (int i = 1; !used.add(name); i++) {
            name = b + "_" + i;
        }
        return name;
    }

    int nodeCount() {
        return nodes;
    }

    /**
     * Adds a node writing {@code output}; an empty input name is an omitted optional input. Nodes are not named
     * (ONNX does not need it; tools name them after their output), which keeps the file small.
     */
    String node(String op, String[] inputs, String output, AttributeProto... attrs) {
        NodeProto.Builder b = NodeProto.newBuilder().setOpType(op).addOutput(output);
        for (String i : inputs) {
            b.addInput(i);
        }
        for (AttributeProto a : attrs) {
            b.addAttribute(a);
        }
        graph.addNode(b);
        nodes++;
        return output;
    }

    String transpose(String input, int[] perm, String output) {
        return node("Transpose", new String[] {input}, output, ints("perm", perm));
    }

    String floats(String base, long[] dims, float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return initializer(base, FLOAT, dims, buf.array());
    }

    String longs(String base, long... values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(values);
        return initializer(base, INT64, new long[] {values.length}, buf.array());
    }

    String scalar(String base, float value) {
        return floats(base, new long[0], new float[] {value});
    }

    /** @param raw little-endian bytes of {@code type} ({@link TensorProto.DataType} code) */
    String initializer(String base, int type, long[] dims, byte[] raw) {
        String name = fresh(base);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type)
                .setRawData(ByteString.copyFrom(raw));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    void input(String name, int type, int[] shape) {
        graph.addInput(valueInfo(name, type, shape));
    }

    void output(String name, int type, int[] shape) {
        graph.addOutput(valueInfo(name, type, shape));
    }

    GraphProto build() {
        return graph.build();
    }

    private static ValueInfoProto valueInfo(String name, int type, int[] shape) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (int d : shape) {
            s.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        TypeProto.Tensor.Builder t = TypeProto.Tensor.newBuilder().setElemType(type).setShape(s);
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(t)).build();
    }

    static AttributeProto ints(String name, int... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.INTS);
        for (int v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value)
                .build();
    }

    static AttributeProto real(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value)
                .build();
    }

    static AttributeProto text(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }
}
