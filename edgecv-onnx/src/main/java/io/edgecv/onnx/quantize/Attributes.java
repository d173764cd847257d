package io.edgecv.onnx.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;

/**
 * Reads and makes node attributes.
 *
 * <p>Thread-safety: stateless.
 */
final class Attributes {
    private Attributes() {
    }

    static AttributeProto find(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    static long intOr(NodeProto n, String name, long fallback) {
        AttributeProto a = find(n, name);
        return a == null ? fallback : a.getI();
    }

    static float floatOr(NodeProto n, String name, float fallback) {
        AttributeProto a = find(n, name);
        return a == null ? fallback : a.getF();
    }

    static AttributeProto ofInt(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value)
                .build();
    }

    static AttributeProto ofInts(String name, long... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    /** @return whether the node carries a subgraph (If, Loop, Scan): its inside is not quantized */
    static boolean hasSubgraph(NodeProto n) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.hasG() || a.getGraphsCount() > 0) {
                return true;
            }
        }
        return false;
    }

    static NodeProto node(String opType, String name, String[] inputs, String[] outputs, AttributeProto... attrs) {
        NodeProto.Builder b = NodeProto.newBuilder().setOpType(opType).setName(name);
        for (String i : inputs) {
            b.addInput(i);
        }
        for (String o : outputs) {
            b.addOutput(o);
        }
        for (AttributeProto a : attrs) {
            b.addAttribute(a);
        }
        return b.build();
    }
}
