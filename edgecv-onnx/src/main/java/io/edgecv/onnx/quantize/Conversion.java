package io.edgecv.onnx.quantize;

import ai.onnx.proto.OnnxMl.GraphProto;
import io.edgecv.quantize.NodeDecision;
import java.util.List;

/**
 * A rewritten graph and what happened to each node of the graph it came from.
 *
 * <p>Thread-safety: immutable.
 */
final class Conversion {
    final GraphProto graph;
    final List<NodeDecision> decisions;
    /** The default-domain opset the rewritten graph needs at least. */
    final long minOpset;

    Conversion(GraphProto graph, List<NodeDecision> decisions, long minOpset) {
        this.graph = graph;
        this.decisions = List.copyOf(decisions);
        this.minOpset = minOpset;
    }
}
