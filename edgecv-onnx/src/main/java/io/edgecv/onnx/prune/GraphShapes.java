package io.edgecv.onnx.prune;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.edgecv.onnx.quantize.OnnxGraphTools;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Two questions the channel analysis asks of a graph: how many channels each output of a Split gets, and which
 * model output a convolution feeds without passing another weighted layer (an output head).
 *
 * <p>Thread-safety: stateless.
 */
final class GraphShapes {
    private GraphShapes() {
    }

    /** @return the sizes of a Split's outputs, from its input, its attribute or an even split; null if unknown */
    static long[] splitSizes(NodeProto n, int channels, Map<String, TensorProto> initializers) {
        long[] sizes = null;
        if (n.getInputCount() > 1 && !n.getInput(1).isEmpty()) {
            TensorProto s = initializers.get(n.getInput(1));
            sizes = s == null ? null : OnnxGraphTools.longs(s);
            if (sizes == null) {
                return null;
            }
        } else {
            for (var a : n.getAttributeList()) {
                if (a.getName().equals("split")) {
                    sizes = a.getIntsList().stream().mapToLong(Long::longValue).toArray();
                }
            }
        }
        if (sizes == null) {
            int k = n.getOutputCount();
            if (channels % k != 0) {
                return null;
            }
            sizes = new long[k];
            Arrays.fill(sizes, channels / k);
        }
        return Arrays.stream(sizes).sum() == channels && sizes.length == n.getOutputCount() ? sizes : null;
    }

    /** @return the first graph output reached from the tensor without passing a weighted layer, or null */
    static String reachesOutput(GraphProto graph, Map<String, List<NodeProto>> readers, String tensor) {
        Set<String> outputs = new HashSet<>();
        graph.getOutputList().forEach(o -> outputs.add(o.getName()));
        List<String> todo = new ArrayList<>(List.of(tensor));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String t = todo.remove(todo.size() - 1);
            if (!seen.add(t)) {
                continue;
            }
            if (outputs.contains(t)) {
                return t;
            }
            for (NodeProto r : readers.getOrDefault(t, List.of())) {
                String op = r.getOpType();
                if (!op.equals("Conv") && !op.equals("Gemm") && !op.equals("MatMul")) {
                    todo.addAll(r.getOutputList());
                }
            }
        }
        return null;
    }

    /**
     * @return the channel count (dimension 1) of a constant tensor of the given rank: an initializer, or a
     *     {@code ConstantOfShape} of a constant shape (BlazeFace's channel padding); -1 if the tensor is computed
     */
    static long constantChannels(String tensor, int rank, Map<String, TensorProto> initializers,
                                 NodeProto producer) {
        TensorProto t = initializers.get(tensor);
        if (t != null && t.getDimsCount() == rank) {
            return t.getDims(1);
        }
        if (producer != null && producer.getOpType().equals("ConstantOfShape")
                && initializers.containsKey(producer.getInput(0))) {
            long[] shape = OnnxGraphTools.longs(initializers.get(producer.getInput(0)));
            return shape != null && shape.length == rank ? shape[1] : -1;
        }
        return -1;
    }

    /**
     * @return whether a Flatten or Reshape makes {@code [N, -1]} rows: Flatten at axis 1, or Reshape to a constant
     *     {@code [n, -1]}
     */
    static boolean flattensToRows(NodeProto n, Map<String, TensorProto> initializers) {
        if (n.getOpType().equals("Flatten")) {
            return OnnxGraphTools.intAttribute(n, "axis", 1) == 1;
        }
        TensorProto shape = n.getInputCount() > 1 ? initializers.get(n.getInput(1)) : null;
        long[] s = shape == null ? null : OnnxGraphTools.longs(shape);
        return s != null && s.length == 2 && s[1] == -1;
    }
}
