package io.edgecv.onnx.quantize;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.edgecv.EdgeCvException;
import io.edgecv.ModelFormat;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.BackendSession;
import io.edgecv.spi.Backends;
import io.edgecv.spi.ElementType;
import io.edgecv.spi.ModelSource;
import io.edgecv.spi.TensorSpec;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The element type and shape of every tensor of a graph. ONNX Runtime's optimised model carries no
 * {@code value_info}, so the types come from ONNX Runtime itself: every node output is declared a graph output
 * (with no type) on a copy of the graph, and the session opened on it reports what it inferred.
 *
 * <p>Thread-safety: immutable after construction.
 */
final class TensorTypes {
    private final Map<String, TensorSpec> specs;

    private TensorTypes(Map<String, TensorSpec> specs) {
        this.specs = specs;
    }

    static TensorTypes infer(ModelProto model, int threads) throws EdgeCvException {
        Map<String, TensorSpec> specs = new HashMap<>();
        byte[] bytes = exposeAll(model).toByteArray();
        BackendOptions opts = BackendOptions.of(threads, Map.of("onnx.optimization", "none"));
        try (BackendSession s = Backends.select(ModelFormat.ONNX, "onnx")
                .open(ModelSource.ofBytes(bytes, "type-inference copy"), opts)) {
            for (TensorSpec t : s.inputs()) {
                specs.put(t.name(), t);
            }
            for (TensorSpec t : s.outputs()) {
                specs.put(t.name(), t);
            }
        }
        for (TensorProto t : model.getGraph().getInitializerList()) {
            specs.put(t.getName(), new TensorSpec(t.getName(), elementType(t.getDataType()), Tensors.dims(t)));
        }
        return new TensorTypes(specs);
    }

    /** @return a copy of the model whose graph outputs include every node output */
    static ModelProto exposeAll(ModelProto model) {
        GraphProto g = model.getGraph();
        Set<String> outs = new HashSet<>();
        for (ValueInfoProto o : g.getOutputList()) {
            outs.add(o.getName());
        }
        GraphProto.Builder b = g.toBuilder();
        for (NodeProto n : g.getNodeList()) {
            for (String o : n.getOutputList()) {
                if (!o.isEmpty() && outs.add(o)) {
                    b.addOutput(ValueInfoProto.newBuilder().setName(o));
                }
            }
        }
        return model.toBuilder().setGraph(b).build();
    }

    static ElementType elementType(int onnxType) {
        switch (onnxType) {
            case Tensors.FLOAT: return ElementType.FLOAT32;
            case Tensors.FLOAT16: return ElementType.FLOAT16;
            case Tensors.UINT8: return ElementType.UINT8;
            case Tensors.INT8: return ElementType.INT8;
            case Tensors.INT32: return ElementType.INT32;
            case Tensors.INT64: return ElementType.INT64;
            default: return ElementType.OTHER;
        }
    }

    /** @return the tensor's spec, or null if unknown (optional input left empty, non-tensor value) */
    TensorSpec spec(String tensor) {
        return specs.get(tensor);
    }

    /** @return whether the tensor is float32 */
    boolean isFloat(String tensor) {
        TensorSpec s = specs.get(tensor);
        return s != null && s.type() == ElementType.FLOAT32;
    }
}
