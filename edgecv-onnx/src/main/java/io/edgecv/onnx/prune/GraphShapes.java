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
}
