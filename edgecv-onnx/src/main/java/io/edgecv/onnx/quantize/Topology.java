package io.edgecv.onnx.quantize;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Orders a graph's nodes so that every node comes after the producers of its inputs, keeping the given order
 * wherever it already is one (a stable topological sort).
 *
 * <p>Thread-safety: stateless.
 */
final class Topology {
    private Topology() {
    }

    /**
     * @return the graph with its nodes in topological order
     * @throws IllegalStateException naming a node whose input nothing defines (a bug in a rewrite)
     */
    static GraphProto sort(GraphProto g) {
        Set<String> defined = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            defined.add(t.getName());
        }
        for (ValueInfoProto v : g.getInputList()) {
            defined.add(v.getName());
        }
        defined.add("");
        List<NodeProto> pending = new ArrayList<>(g.getNodeList());
        List<NodeProto> sorted = new ArrayList<>(pending.size());
        while (!pending.isEmpty()) {
            boolean progressed = false;
            List<NodeProto> next = new ArrayList<>();
            for (NodeProto n : pending) {
                if (defined.containsAll(n.getInputList())) {
                    sorted.add(n);
                    defined.addAll(n.getOutputList());
                    progressed = true;
                } else {
                    next.add(n);
                }
            }
            if (!progressed) {
                NodeProto stuck = next.get(0);
                List<String> missing = new ArrayList<>(stuck.getInputList());
                missing.removeAll(defined);
                throw new IllegalStateException("node " + stuck.getName() + " (" + stuck.getOpType()
                        + ") reads " + missing + ", which no node, input or initializer defines");
            }
            pending = next;
        }
        return g.toBuilder().clearNode().addAllNode(sorted).build();
    }
}
