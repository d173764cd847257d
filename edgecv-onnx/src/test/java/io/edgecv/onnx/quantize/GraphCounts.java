package io.edgecv.onnx.quantize;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Counts read from a float model's own graph, written apart from the quantizer's code so that tests compare the
 * quantizer's output with an independent reference rather than with itself.
 */
final class GraphCounts {
    /** Operators that only move data. */
    private static final Set<String> MOVES = Set.of("Reshape", "Transpose", "Concat", "Squeeze", "Unsqueeze",
            "Flatten", "Identity");

    private GraphCounts() {
    }

    static GraphProto graph(Path model) throws IOException {
        return ModelProto.parseFrom(Files.readAllBytes(model)).getGraph();
    }

    static long count(GraphProto g, String opType) {
        return g.getNodeList().stream().filter(n -> n.getOpType().equals(opType)).count();
    }

    /** @return graph inputs that are not initializers */
    static int realInputs(GraphProto g) {
        Set<String> inits = new HashSet<>();
        g.getInitializerList().forEach(t -> inits.add(t.getName()));
        return (int) g.getInputList().stream().filter(v -> !inits.contains(v.getName())).count();
    }

    /** @return the Conv nodes whose output reaches the graph outputs through data movement only (the heads) */
    static List<NodeProto> headConvs(GraphProto g) {
        Set<String> outputs = new HashSet<>();
        for (ValueInfoProto v : g.getOutputList()) {
            outputs.add(v.getName());
        }
        List<NodeProto> heads = new ArrayList<>();
        for (NodeProto n : g.getNodeList()) {
            if (n.getOpType().equals("Conv") && onlyMovesToOutputs(g, n.getOutput(0), outputs)) {
                heads.add(n);
            }
        }
        return heads;
    }

    private static boolean onlyMovesToOutputs(GraphProto g, String tensor, Set<String> outputs) {
        boolean read = false;
        for (NodeProto r : g.getNodeList()) {
            if (!r.getInputList().contains(tensor)) {
                continue;
            }
            read = true;
            if (!MOVES.contains(r.getOpType())) {
                return false;
            }
            for (String o : r.getOutputList()) {
                if (!outputs.contains(o) && !onlyMovesToOutputs(g, o, outputs)) {
                    return false;
                }
            }
        }
        return read && !outputs.contains(tensor);
    }
}
