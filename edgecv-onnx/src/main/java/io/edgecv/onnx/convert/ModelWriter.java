package io.edgecv.onnx.convert;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Builds the ONNX model of a checked TFLite model: graph inputs (NHWC, or NCHW when asked), one mapping per
 * operator in execution order, graph outputs under their TFLite names. Kept apart from {@link TfLiteToOnnx} so
 * that the public class loads without the optional protobuf classes.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class ModelWriter {
    private final ModelProto proto;
    private final int nodes;

    ModelWriter(TfLiteModel model, boolean nchw, int opset) throws IOException {
        OnnxGraph graph = new OnnxGraph();
        this.proto = build(model, graph, nchw, opset);
        this.nodes = graph.nodeCount();
    }

    int nodeCount() {
        return nodes;
    }

    void writeTo(OutputStream out) throws IOException {
        proto.writeTo(out);
    }

    private static ModelProto build(TfLiteModel model, OnnxGraph graph, boolean nchw, int opset)
            throws IOException {
        for (int i : model.inputs) {
            graph.reserve(model.tensors.get(i).name());
        }
        for (int o : model.outputs) {
            graph.reserve(model.tensors.get(o).name());
        }
        TensorValues values = new TensorValues(model, graph, nchw);
        for (int i : model.inputs) {
            TfLiteModel.Tensor t = model.tensors.get(i);
            boolean asNchw = nchw && t.shape().length == 4;
            graph.input(t.name(), onnxType(t), asNchw ? TensorValues.permute(t.shape(), TensorValues.TO_NCHW)
                    : t.shape());
            values.set(i, asNchw, t.name());
        }
        Emitter e = new Emitter(graph, values, opset);
        for (TfLiteModel.Operator op : model.operators) {
            try {
                OperatorMapping.write(e, op);
            } catch (RuntimeException ex) {
                // shapes or options that contradict each other in a file that passed the structural checks
                throw new UnsupportedModelException("the model", List.of("operator " + op.index() + " ("
                        + op.name() + ") does not fit its tensors: " + ex));
            }
        }
        for (int o : model.outputs) {
            TfLiteModel.Tensor t = model.tensors.get(o);
            boolean asNchw = nchw && t.shape().length == 4;
            String name = values.get(o, asNchw);
            if (!name.equals(t.name())) {
                graph.node("Identity", new String[] {name}, t.name());
            }
            graph.output(t.name(), OnnxGraph.FLOAT, asNchw ? TensorValues.permute(t.shape(), TensorValues.TO_NCHW)
                    : t.shape());
        }
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("edgecv").setProducerVersion("tflite2onnx")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph.build()).build();
    }

    private static int onnxType(TfLiteModel.Tensor t) {
        return switch (t.type()) {
            case TfLiteModel.FLOAT16 -> ai.onnx.proto.OnnxMl.TensorProto.DataType.FLOAT16_VALUE;
            case TfLiteModel.INT8 -> ai.onnx.proto.OnnxMl.TensorProto.DataType.INT8_VALUE;
            case TfLiteModel.UINT8 -> ai.onnx.proto.OnnxMl.TensorProto.DataType.UINT8_VALUE;
            default -> OnnxGraph.FLOAT;
        };
    }
}
