package io.edgecv.onnx.quantize;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who produces and who consumes each tensor of a graph, its initializers by name, and fresh unique names.
 *
 * <p>Thread-safety: not thread-safe (the name generator is mutable).
 */
final class GraphIndex {
    private final GraphProto graph;
    private final Map<String, NodeProto> producers = new HashMap<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();
    private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    private final Set<String> graphInputs = new HashSet<>();
    private final Set<String> graphOutputs = new HashSet<>();
    private final Set<String> used = new HashSet<>();

    GraphIndex(GraphProto graph) {
        this.graph = graph;
        for (TensorProto t : graph.getInitializerList()) {
            initializers.put(t.getName(), t);
            used.add(t.getName());
        }
        for (ValueInfoProto v : graph.getInputList()) {
            if (!initializers.containsKey(v.getName())) {
                graphInputs.add(v.getName());
            }
            used.add(v.getName());
        }
        for (ValueInfoProto v : graph.getOutputList()) {
            graphOutputs.add(v.getName());
            used.add(v.getName());
        }
        for (NodeProto n : graph.getNodeList()) {
            used.add(n.getName());
            for (String o : n.getOutputList()) {
                if (!o.isEmpty()) {
                    producers.put(o, n);
                    used.add(o);
                }
            }
            for (String i : n.getInputList()) {
                if (!i.isEmpty()) {
                    consumers.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
                }
            }
        }
    }

    GraphProto graph() {
        return graph;
    }

    /** @return the node producing {@code tensor}, or null for graph inputs and initializers */
    NodeProto producer(String tensor) {
        return producers.get(tensor);
    }

    /** @return the nodes reading {@code tensor}, in graph order */
    List<NodeProto> consumers(String tensor) {
        return consumers.getOrDefault(tensor, List.of());
    }

    /** @return the initializer of that name, or null */
    TensorProto initializer(String name) {
        return initializers.get(name);
    }

    Map<String, TensorProto> initializers() {
        return initializers;
    }

    boolean isGraphInput(String tensor) {
        return graphInputs.contains(tensor);
    }

    boolean isGraphOutput(String tensor) {
        return graphOutputs.contains(tensor);
    }

    /**
     * @param base a name to start from
     * @return {@code base}, or {@code base_2}, {@code base_3}... whichever is not used yet; then reserved
     */
    String fresh(String base) {
        String name = base;
        for (int i = 2; used.contains(name); i++) {
            name = base + "_" + i;
        }
        used.add(name);
        return name;
    }
}
