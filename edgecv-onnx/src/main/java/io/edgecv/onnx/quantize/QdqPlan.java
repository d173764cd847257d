package io.edgecv.onnx.quantize;

import ai.onnx.proto.OnnxMl.NodeProto;
import io.edgecv.InvalidModelException;
import io.edgecv.quantize.NodeDecision;
import io.edgecv.quantize.QuantizationConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which nodes of a float graph become QDQ, which activation tensors get a QuantizeLinear/DequantizeLinear pair,
 * which of them take their range from calibration and which share another tensor's, and which Clip/Relu nodes
 * may fold into the range before them. Made before calibration, so that only the tensors that matter are
 * calibrated.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class QdqPlan {
    final GraphIndex index;
    final TensorTypes types;
    /** Decision for every node, by node name, in graph order. */
    final Map<String, NodeDecision> decisions = new LinkedHashMap<>();
    /** Names of the nodes that become QDQ. */
    final Set<String> quantized = new HashSet<>();
    /** Activation tensors that get a Q/DQ pair. */
    final Set<String> qdqTensors = new LinkedHashSet<>();
    /** Tensor -> tensor whose scale and zero point it shares (outputs of data-movement nodes). */
    final Map<String, String> sharedWith = new HashMap<>();
    /** Clip/Relu node name -> the tensor it reads, for Clips that may be folded into that tensor's range. */
    final Map<String, String> foldableActivations = new LinkedHashMap<>();
    /**
     * Outputs of quantized nodes that leave the model through data movement only (the score and box heads):
     * kept in float, because an 8-bit grid over a head's full range rounds the values that matter (logits near
     * the score threshold, box offsets) to a few levels (BlazeFace's score logits all became exactly 0).
     */
    final Set<String> floatHeads = new LinkedHashSet<>();

    private QdqPlan(GraphIndex index, TensorTypes types) {
        this.index = index;
        this.types = types;
    }

    /** @return the tensors whose statistics calibration must collect */
    Set<String> tensorsToCalibrate() {
        Set<String> out = new LinkedHashSet<>();
        for (String t : qdqTensors) {
            if (!sharedWith.containsKey(t)) {
                out.add(t);
            }
        }
        for (String clip : foldableActivations.keySet()) {
            out.add(nodeByName(clip).getOutput(0));
        }
        return out;
    }

    NodeProto nodeByName(String name) {
        for (NodeProto n : index.graph().getNodeList()) {
            if (n.getName().equals(name)) {
                return n;
            }
        }
        throw new IllegalStateException("no node " + name);
    }

    static QdqPlan make(GraphIndex index, TensorTypes types, QuantizationConfig cfg, String modelName)
            throws InvalidModelException {
        QdqPlan p = new QdqPlan(index, types);
        List<NodeProto> nodes = index.graph().getNodeList();
        Set<String> tail = outputTail(index);
        for (NodeProto n : nodes) {
            String why = refusal(n, index, types, cfg, tail);
            if (why != null) {
                p.decisions.put(n.getName(), new NodeDecision(n.getName(), n.getOpType(), false, why));
            } else {
                p.quantized.add(n.getName());
            }
        }
        if (p.quantized.isEmpty()) {
            Map<String, Integer> ops = new LinkedHashMap<>();
            nodes.forEach(n -> ops.merge(n.getOpType(), 1, Integer::sum));
            throw new InvalidModelException("no node of " + modelName + " can be quantized to INT8 (its operators: "
                    + ops + "); QDQ quantization covers Conv, MatMul, Gemm, Add, Mul, Concat, pooling and data"
                    + " movement. Try mode FP16 instead.");
        }
        for (NodeProto n : nodes) {
            if (!p.quantized.contains(n.getName())) {
                continue;
            }
            OpKinds kind = OpKinds.of(n.getOpType());
            int data = OpKinds.dataInputs(n.getOpType(), n.getInputCount());
            for (int i = 0; i < data; i++) {
                String in = n.getInput(i);
                if (!in.isEmpty() && types.isFloat(in) && index.initializer(in) == null) {
                    p.qdqTensors.add(in);
                }
            }
            if (kind == OpKinds.WEIGHTED && n.getOpType().equals("MatMul") && index.initializer(n.getInput(1)) == null
                    && types.isFloat(n.getInput(1))) {
                p.qdqTensors.add(n.getInput(1));
            }
            for (String out : n.getOutputList()) {
                if (!out.isEmpty() && types.isFloat(out) && !index.isGraphOutput(out) && leavesThroughTail(out,
                        index, tail)) {
                    p.floatHeads.add(out);
                } else if (!out.isEmpty() && types.isFloat(out) && !index.isGraphOutput(out)) {
                    p.qdqTensors.add(out);
                    if (kind == OpKinds.SHARED) {
                        p.sharedWith.put(out, n.getInput(0));
                    }
                }
            }
        }
        for (NodeProto n : nodes) {
            if (p.quantized.contains(n.getName()) && OpKinds.of(n.getOpType()) == OpKinds.ACTIVATION
                    && foldable(n, index, p)) {
                p.foldableActivations.put(n.getName(), n.getInput(0));
            }
        }
        String summary = "QDQ, " + (cfg.activationType() + " activations").toLowerCase(java.util.Locale.ROOT);
        for (NodeProto n : nodes) {
            if (p.quantized.contains(n.getName())) {
                String how = how(n, cfg, summary);
                if (p.floatHeads.contains(n.getOutput(0)) || index.isGraphOutput(n.getOutput(0))) {
                    how += "; output kept in float32 (it leaves the model)";
                }
                p.decisions.put(n.getName(), new NodeDecision(n.getName(), n.getOpType(), true, how));
            }
        }
        // keep graph order in the decisions
        Map<String, NodeDecision> ordered = new LinkedHashMap<>();
        for (NodeProto n : nodes) {
            ordered.put(n.getName(), p.decisions.get(n.getName()));
        }
        p.decisions.clear();
        p.decisions.putAll(ordered);
        return p;
    }

    private static String how(NodeProto n, QuantizationConfig cfg, String summary) {
        switch (OpKinds.of(n.getOpType())) {
            case WEIGHTED:
                return summary + ", int8 " + (cfg.perChannel() ? "per-channel" : "per-tensor") + " weights"
                        + (n.getInputCount() > 2 && !n.getInput(2).isEmpty()
                        ? (QdqRewriter.intBias(cfg) ? ", int32 bias" : ", float32 bias") : "");
            case SHARED:
                return summary + ", output shares the input's scale";
            case ACTIVATION:
                return summary + ", folded into the range before it where the 8-bit range clips the same";
            default:
                return summary;
        }
    }

    /** @return why the node stays in float, or null if it can be quantized */
    private static String refusal(NodeProto n, GraphIndex index, TensorTypes types, QuantizationConfig cfg,
                                  Set<String> tail) {
        if (cfg.excludedNodes().contains(n.getName())) {
            return "excluded by name in the configuration";
        }
        if (cfg.excludedOpTypes().contains(n.getOpType())) {
            return "operator type excluded in the configuration";
        }
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
            return "operator of domain " + n.getDomain() + " has no standard QDQ form";
        }
        if (Attributes.hasSubgraph(n)) {
            return "control flow: the subgraphs inside are not quantized";
        }
        OpKinds kind = OpKinds.of(n.getOpType());
        if (kind == OpKinds.NONE) {
            return "no integer kernel for " + n.getOpType() + "; it runs in float";
        }
        if (n.getInputCount() == 0 || n.getInput(0).isEmpty() || !types.isFloat(n.getInput(0))) {
            return "its data input is not float32";
        }
        if (tail.contains(n.getName())) {
            return "data movement feeding a graph output: kept in float so the output keeps full precision";
        }
        if (kind == OpKinds.WEIGHTED) {
            String w = n.getInput(1);
            boolean constant = index.initializer(w) != null;
            if (!n.getOpType().equals("MatMul") && !constant) {
                return "its weight " + w + " is computed at run time, not a constant";
            }
            if (constant && index.initializer(w).getDataType() != Tensors.FLOAT) {
                return "its weight " + w + " is not float32";
            }
            if (n.getOpType().equals("Gemm") && Attributes.intOr(n, "transA", 0) != 0) {
                return "Gemm with transA=1 is left in float";
            }
            if (n.getOpType().equals("Conv") && index.initializer(w).getDimsCount() != 4) {
                return "only 2-D convolutions (4-D weights) are quantized";
            }
        }
        if (kind == OpKinds.ACTIVATION) {
            NodeProto producer = index.producer(n.getInput(0));
            OpKinds pk = producer == null ? OpKinds.NONE : OpKinds.of(producer.getOpType());
            if (pk != OpKinds.WEIGHTED && pk != OpKinds.ARITHMETIC && pk != OpKinds.SHARED) {
                return n.getOpType() + " after a float node stays in float";
            }
        }
        return null;
    }

    /**
     * The nodes that only move data towards graph outputs (Reshape/Transpose/Concat chains at the end of SSD
     * heads): quantizing them would only round the model's final outputs.
     */
    private static Set<String> outputTail(GraphIndex index) {
        Set<String> tail = new HashSet<>();
        List<NodeProto> nodes = new ArrayList<>(index.graph().getNodeList());
        for (int i = nodes.size() - 1; i >= 0; i--) {
            NodeProto n = nodes.get(i);
            OpKinds k = OpKinds.of(n.getOpType());
            if (k != OpKinds.SHARED && !n.getOpType().equals("Concat")) {
                continue;
            }
            boolean feedsOutputOnly = true;
            for (String out : n.getOutputList()) {
                if (out.isEmpty()) {
                    continue;
                }
                List<NodeProto> readers = index.consumers(out);
                if (readers.isEmpty() && !index.isGraphOutput(out)) {
                    continue;
                }
                for (NodeProto r : readers) {
                    if (!tail.contains(r.getName())) {
                        feedsOutputOnly = false;
                    }
                }
            }
            if (feedsOutputOnly) {
                tail.add(n.getName());
            }
        }
        return tail;
    }

    /** Whether every reader of a tensor is data movement towards the graph outputs (and there is one). */
    private static boolean leavesThroughTail(String tensor, GraphIndex index, Set<String> tail) {
        List<NodeProto> readers = index.consumers(tensor);
        if (readers.isEmpty()) {
            return false;
        }
        for (NodeProto r : readers) {
            if (!tail.contains(r.getName())) {
                return false;
            }
        }
        return true;
    }

    /** Whether a Clip/Relu may be folded: its input has no other reader and nothing outside sees either tensor. */
    private static boolean foldable(NodeProto act, GraphIndex index, QdqPlan p) {
        String in = act.getInput(0);
        String out = act.getOutput(0);
        NodeProto producer = index.producer(in);
        if (producer == null || !p.quantized.contains(producer.getName())
                || OpKinds.of(producer.getOpType()) == OpKinds.SHARED) {
            return false;
        }
        if (index.consumers(in).size() != 1 || index.isGraphOutput(in) || index.isGraphOutput(out)) {
            return false;
        }
        if (act.getOpType().equals("Clip")) {
            for (int i = 1; i < act.getInputCount(); i++) {
                if (!act.getInput(i).isEmpty() && index.initializer(act.getInput(i)) == null) {
                    return false;
                }
            }
        }
        return true;
    }
}
