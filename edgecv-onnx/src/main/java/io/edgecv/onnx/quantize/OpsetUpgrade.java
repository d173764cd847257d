package io.edgecv.onnx.quantize;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import io.edgecv.InvalidModelException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Raises the default opset to 13 (per-axis QuantizeLinear/DequantizeLinear) when no operator of the graph changed
 * its signature between the model's opset and 13; otherwise says which operators stand in the way.
 *
 * <p>Thread-safety: stateless.
 */
final class OpsetUpgrade {
    static final long PER_AXIS_OPSET = 13;

    /** Operators whose inputs or attributes changed meaning between opset 10 and 13. */
    private static final Set<String> CHANGED_BY_13 = Set.of("Squeeze", "Unsqueeze", "Split", "ReduceSum", "Softmax",
            "LogSoftmax", "Hardmax", "Resize", "Upsample", "Clip", "Pad", "TopK", "Slice", "Dropout", "Scan", "If",
            "Loop", "NonMaxSuppression", "ScatterElements", "Scatter", "GatherElements", "Gather", "Unique",
            "DequantizeLinear", "QuantizeLinear", "Flatten", "Concat", "ArgMax", "ArgMin", "ReduceMax", "ReduceMin",
            "ReduceMean", "ReduceProd", "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp",
            "ReduceSumSquare", "OneHot", "CumSum", "Range", "Round", "Det", "BitShift", "Einsum", "Mod",
            "GatherND", "ScatterND", "Where", "Sum", "Max", "Min", "Mean");

    private OpsetUpgrade() {
    }

    /**
     * @return the model, its default opset raised to 13 if it was lower and that is safe
     * @throws InvalidModelException if it is lower and an operator's signature changed on the way
     */
    static ModelProto toPerAxisOpset(ModelProto m, String name) throws InvalidModelException {
        long opset = ModelChecks.defaultOpset(m);
        if (opset >= PER_AXIS_OPSET) {
            return m;
        }
        Set<String> blocking = new TreeSet<>();
        for (NodeProto n : m.getGraph().getNodeList()) {
            if ((n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx")) && CHANGED_BY_13.contains(n.getOpType())
                    && !safe(n, opset)) {
                blocking.add(n.getOpType());
            }
        }
        if (!blocking.isEmpty()) {
            throw new InvalidModelException(name + " uses opset " + opset + "; per-channel weights need opset 13"
                    + " (per-axis DequantizeLinear), and its " + blocking + " nodes changed between " + opset
                    + " and 13. Quantize with per-tensor weights, or convert the model to opset 13 first.");
        }
        ModelProto.Builder b = m.toBuilder();
        for (int i = 0; i < b.getOpsetImportCount(); i++) {
            OperatorSetIdProto o = b.getOpsetImport(i);
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                b.setOpsetImport(i, o.toBuilder().setVersion(PER_AXIS_OPSET));
            }
        }
        return b.build();
    }

    /** Changes between 11/12 and 13 that keep the meaning of a node as written. */
    private static boolean safe(NodeProto n, long opset) {
        if (opset < 11) {
            return false;
        }
        switch (n.getOpType()) {
            // 11 -> 13 added types or optional inputs only
            case "Clip": case "Pad": case "TopK": case "Slice": case "Gather": case "GatherElements":
            case "ScatterElements": case "ScatterND": case "GatherND": case "Flatten": case "Concat": case "ArgMax":
            case "ArgMin": case "ReduceMax": case "ReduceMin": case "ReduceMean": case "ReduceProd": case "ReduceL1":
            case "ReduceL2": case "ReduceLogSum": case "ReduceLogSumExp": case "ReduceSumSquare": case "OneHot":
            case "CumSum": case "Range": case "Round": case "Det": case "BitShift": case "Einsum": case "Mod":
            case "Where": case "Sum": case "Max": case "Min": case "Mean": case "Unique":
            case "NonMaxSuppression":
                return true;
            default:
                return false;
        }
    }
}
