package io.edgecv.onnx.quantize;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnx.proto.OnnxMl.AttributeProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Small ONNX graphs written with the protobuf classes, for the cases the fixtures do not cover. */
final class TestModels {
    private TestModels() {
    }

    static ValueInfoProto tensor(String name, int elemType, long... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(d < 0 ? TensorShapeProto.Dimension.newBuilder().setDimParam("d" + (-d))
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
    }

    static TensorProto random(String name, Random r, float scale, long... dims) {
        float[] v = new float[Math.toIntExact(Tensors.count(dims))];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian() * scale;
        }
        return Tensors.ofFloats(name, dims, v);
    }

    static NodeProto node(String op, String name, String[] in, String[] out, AttributeProto... attrs) {
        return Attributes.node(op, name, in, out, attrs);
    }

    static ModelProto model(GraphProto g, long opset) {
        return ModelProto.newBuilder().setIrVersion(7).setProducerName("edgecv-test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).setGraph(g).build();
    }

    static Path write(ModelProto m, Path file) throws IOException {
        Files.write(file, m.toByteArray());
        return file;
    }

    /** x[1, 64] -> MatMul 64x128 -> Add bias -> Relu -> Gemm(transB) 10x128 + C -> y[1, 10]. */
    static ModelProto mlp() {
        Random r = new Random(42);
        GraphProto g = GraphProto.newBuilder().setName("mlp")
                .addInput(tensor("x", Tensors.FLOAT, 1, 64))
                .addOutput(tensor("y", Tensors.FLOAT, 1, 10))
                .addInitializer(random("w1", r, 0.2f, 64, 128))
                .addInitializer(random("b1", r, 0.1f, 128))
                .addInitializer(random("w2", r, 0.2f, 10, 128))
                .addInitializer(random("b2", r, 0.1f, 10))
                .addNode(node("MatMul", "fc1", new String[] {"x", "w1"}, new String[] {"h"}))
                .addNode(node("Add", "fc1_bias", new String[] {"h", "b1"}, new String[] {"hb"}))
                .addNode(node("Relu", "relu", new String[] {"hb"}, new String[] {"a"}))
                .addNode(node("Gemm", "fc2", new String[] {"a", "w2", "b2"}, new String[] {"y"},
                        Attributes.ofInt("transB", 1)))
                .build();
        return model(g, 13);
    }

    /** x[1, 3, 32, 32] -> Sin -> Cos -> y: nothing the INT8 modes convert. */
    static ModelProto trigonometry() {
        GraphProto g = GraphProto.newBuilder().setName("trig")
                .addInput(tensor("x", Tensors.FLOAT, 1, 3, 32, 32))
                .addOutput(tensor("y", Tensors.FLOAT, 1, 3, 32, 32))
                .addNode(node("Sin", "sin", new String[] {"x"}, new String[] {"s"}))
                .addNode(node("Cos", "cos", new String[] {"s"}, new String[] {"y"}))
                .build();
        return model(g, 13);
    }

    /**
     * x[N, 3, H, W] (dynamic) -> Conv 8x3x3x3 -> Relu -> Tanh -> Conv 4x8x1x1 -> y, opset as given; with
     * {@code squeeze}, a Squeeze (axes attribute, the opset 11 form) and Unsqueeze after the Tanh.
     */
    static ModelProto convNet(long opset, boolean squeeze, boolean dynamic) {
        Random r = new Random(7);
        long n = dynamic ? -1 : 1;
        long h = dynamic ? -2 : 32;
        long w = dynamic ? -3 : 32;
        GraphProto.Builder g = GraphProto.newBuilder().setName("convnet")
                .addInput(tensor("x", Tensors.FLOAT, n, 3, h, w))
                .addOutput(tensor("y", Tensors.FLOAT, n, 4, h, w))
                .addInitializer(random("k1", r, 0.3f, 8, 3, 3, 3))
                .addInitializer(random("c1", r, 0.1f, 8))
                .addInitializer(random("k2", r, 0.3f, 4, 8, 1, 1))
                .addNode(node("Conv", "conv1", new String[] {"x", "k1", "c1"}, new String[] {"c"},
                        Attributes.ofInts("pads", 1, 1, 1, 1)))
                .addNode(node("Relu", "relu1", new String[] {"c"}, new String[] {"r"}))
                .addNode(node("Tanh", "tanh", new String[] {"r"}, new String[] {"t"}));
        String last = "t";
        if (squeeze) {
            g.addNode(node("Unsqueeze", "unsqueeze", new String[] {"t"}, new String[] {"u"},
                    Attributes.ofInts("axes", 0)));
            g.addNode(node("Squeeze", "squeeze", new String[] {"u"}, new String[] {"sq"},
                    Attributes.ofInts("axes", 0)));
            last = "sq";
        }
        g.addNode(node("Conv", "conv2", new String[] {last, "k2"}, new String[] {"y"}));
        return model(g.build(), opset);
    }

    /** Runs a one-input model through the onnx backend on the given float input; returns output 0. */
    static float[] run(Path model, float[] input, long[] shape, java.util.Map<String, String> props)
            throws Exception {
        try (var s = io.edgecv.spi.Backends.select(io.edgecv.ModelFormat.ONNX, "onnx")
                .open(io.edgecv.spi.ModelSource.of(model), io.edgecv.spi.BackendOptions.of(1, props))) {
            if (!s.inputs().get(0).isStatic()) {
                s.setInputShape(0, shape);
            }
            var in = s.inputBuffer(0);
            if (s.inputs().get(0).type() == io.edgecv.spi.ElementType.FLOAT16) {
                for (int i = 0; i < input.length; i++) {
                    in.putShort(i * 2, io.edgecv.spi.Float16.fromFloat(input[i]));
                }
            } else {
                in.asFloatBuffer().put(input);
            }
            s.run();
            var out = s.output(0);
            float[] v = new float[out.remaining()];
            out.get(v);
            return v;
        }
    }

    static float[] randomInput(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    /** @return max |a - b| / max |a| */
    static double relativeError(float[] a, float[] b) {
        double maxA = 0;
        double maxD = 0;
        for (int i = 0; i < a.length; i++) {
            maxA = Math.max(maxA, Math.abs(a[i]));
            maxD = Math.max(maxD, Math.abs(a[i] - b[i]));
        }
        return maxD / maxA;
    }
}
