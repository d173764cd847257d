package io.edgecv.onnx.prune;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;

/**
 * Some exporters (Paddle2ONNX, older PyTorch) write every weight as a {@code Constant} node instead of an
 * initializer. The channel analysis slices initializers, so those nodes become initializers of the same name first;
 * the values do not change.
 *
 * <p>Thread-safety: stateless.
 */
final class ConstantNodes {
    private ConstantNodes() {
    }

    /** @return the graph with every {@code Constant} node holding a tensor turned into an initializer */
    static GraphProto toInitializers(GraphProto g) {
        if (g.getNodeList().stream().noneMatch(ConstantNodes::holdsTensor)) {
            return g;
        }
        GraphProto.Builder b = g.toBuilder().clearNode();
        for (NodeProto n : g.getNodeList()) {
            if (holdsTensor(n)) {
                for (AttributeProto a : n.getAttributeList()) {
                    if (a.getName().equals("value")) {
                        b.addInitializer(a.getT().toBuilder().setName(n.getOutput(0)));
                    }
                }
            } else {
                b.addNode(n);
            }
        }
        return b.build();
    }

    private static boolean holdsTensor(NodeProto n) {
        return n.getOpType().equals("Constant") && (n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx"))
                && n.getOutputCount() == 1 && n.getAttributeCount() == 1
                && n.getAttribute(0).getName().equals("value") && n.getAttribute(0).hasT()
                && n.getAttribute(0).getT().getDataLocation() != TensorProto.DataLocation.EXTERNAL;
    }
}
