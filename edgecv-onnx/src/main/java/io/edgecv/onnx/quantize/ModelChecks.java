package io.edgecv.onnx.quantize;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.edgecv.InvalidModelException;
import io.edgecv.quantize.QuantizationMode;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses models that cannot be quantized, saying why: already quantized, already float16, weights in external
 * files, an opset too old for QuantizeLinear, nothing float to convert.
 *
 * <p>Thread-safety: stateless.
 */
final class ModelChecks {
    /** Operators that only appear in models that are quantized already. */
    static final Set<String> QUANTIZED_OPS = Set.of("QuantizeLinear", "DequantizeLinear", "DynamicQuantizeLinear",
            "QLinearConv", "QLinearMatMul", "ConvInteger", "MatMulInteger", "QLinearAdd", "QLinearMul",
            "QLinearConcat", "QLinearSigmoid", "QLinearLeakyRelu", "QLinearAveragePool", "QLinearGlobalAveragePool",
            "QLinearSoftmax", "QGemm", "DynamicQuantizeMatMul", "MatMulIntegerToFloat", "QAttention");

    private ModelChecks() {
    }

    /** @return the opset version of the default ONNX domain, or 0 if none is imported */
    static long defaultOpset(ModelProto m) {
        for (OperatorSetIdProto o : m.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                return o.getVersion();
            }
        }
        return 0;
    }

    static void refuseUnconvertible(ModelProto m, String name, QuantizationMode mode) throws InvalidModelException {
        GraphProto g = m.getGraph();
        Set<String> quantizedOps = new TreeSet<>();
        for (NodeProto n : g.getNodeList()) {
            if (QUANTIZED_OPS.contains(n.getOpType())) {
                quantizedOps.add(n.getOpType());
            }
        }
        if (!quantizedOps.isEmpty()) {
            throw new InvalidModelException(name + " is already quantized (it has " + quantizedOps + " nodes);"
                    + " quantize the float32 model it came from instead");
        }
        int fp16 = 0;
        int fp32 = 0;
        for (TensorProto t : g.getInitializerList()) {
            if (Tensors.isExternal(t)) {
                throw new InvalidModelException(name + " keeps initializer " + t.getName() + " in an external data"
                        + " file, which the quantizer does not read; save the model as a single file (under 2 GB)");
            }
            if (t.getDataType() == Tensors.FLOAT16) {
                fp16++;
            } else if (t.getDataType() == Tensors.FLOAT) {
                fp32++;
            }
        }
        for (ValueInfoProto v : g.getInputList()) {
            if (v.getType().getTensorType().getElemType() == Tensors.FLOAT16) {
                fp16++;
            }
        }
        if (fp16 > 0 && fp32 == 0) {
            throw new InvalidModelException(name + " already has float16 weights" + (mode == QuantizationMode.FP16
                    ? "; there is nothing to convert" : "; quantize the float32 model it came from instead"));
        }
        if (fp32 == 0 && mode != QuantizationMode.STATIC_INT8) {
            throw new InvalidModelException(name + " has no float32 weights to convert");
        }
        long opset = defaultOpset(m);
        if (opset == 0) {
            throw new InvalidModelException(name + " imports no default ONNX operator set; it is not a valid model");
        }
        if (mode != QuantizationMode.FP16 && opset < 10) {
            throw new InvalidModelException(name + " uses ONNX opset " + opset + ", older than 10, the first with"
                    + " QuantizeLinear/DequantizeLinear; convert it to opset 13 or newer first");
        }
    }
}
