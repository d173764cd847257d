package io.edgecv.train;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;

/**
 * A node being run: its attributes, the model's opset and whether batch statistics are used (training mode).
 *
 * <p>Thread-safety: immutable.
 */
final class NodeContext {
    final NodeProto node;
    final long opset;
    final boolean training;
    /** where constants made by the node live */
    final ai.djl.ndarray.NDManager scope;
    /** the graph's floating-point type (float32, or float64 for gradient checks) */
    final ai.djl.ndarray.types.DataType floatType;
    private final java.util.function.BiConsumer<String, ai.djl.ndarray.NDArray> buffers;

    NodeContext(NodeProto node, long opset, boolean training, ai.djl.ndarray.NDManager scope,
            ai.djl.ndarray.types.DataType floatType,
            java.util.function.BiConsumer<String, ai.djl.ndarray.NDArray> buffers) {
        this.scope = scope;
        this.floatType = floatType;
        this.node = node;
        this.opset = opset;
        this.training = training;
        this.buffers = buffers;
    }

    /** Replaces a non-trainable state tensor (BatchNormalization's running mean and variance). */
    void updateBuffer(String name, ai.djl.ndarray.NDArray value) {
        buffers.accept(name, value);
    }

    AttributeProto find(String name) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a;
            }
        }
        return null;
    }

    long i(String name, long fallback) {
        AttributeProto a = find(name);
        return a == null ? fallback : a.getI();
    }

    float f(String name, float fallback) {
        AttributeProto a = find(name);
        return a == null ? fallback : a.getF();
    }

    String s(String name, String fallback) {
        AttributeProto a = find(name);
        return a == null ? fallback : a.getS().toStringUtf8();
    }

    /** @return the ints attribute, or {@code null} when absent */
    long[] ints(String name) {
        AttributeProto a = find(name);
        if (a == null) {
            return null;
        }
        long[] v = new long[a.getIntsCount()];
        for (int k = 0; k < v.length; k++) {
            v[k] = a.getInts(k);
        }
        return v;
    }

    /** @return a refusal naming this node and what it asked for */
    UnsupportedOperatorException refuse(String why) {
        return new UnsupportedOperatorException(node.getOpType(), why + " (node '" + node.getName() + "')");
    }
}
