package io.edgecv.onnx.prune;

import ai.onnx.proto.OnnxMl.NodeProto;

/**
 * One place where a node's weights or attributes are indexed by the channels of a tensor: what the rewrite must
 * slice when channels go.
 *
 * <p>Thread-safety: immutable (the layout array is never changed after the analysis).
 *
 * @param kind what is sliced
 * @param node the node
 * @param input the input index of the sliced initializer (or -1)
 * @param axis the axis of that initializer indexed by the channels
 * @param layout the channel elements, one per index of that axis
 */
record ChannelUse(Kind kind, NodeProto node, int input, int axis, int[] layout) {
    /** What is sliced. */
    enum Kind {
        /** Output channels of a convolution: weight rows and bias. */
        PRODUCER,
        /** Input channels of a convolution (weight axis 1), or the K axis of a Gemm/MatMul weight. */
        CONSUMER,
        /** A depthwise convolution: weight rows, bias and the group attribute. */
        DEPTHWISE,
        /** A per-channel parameter (BatchNormalization, a per-channel constant of an element-wise op). */
        PARAMETER,
        /** The output sizes of a Split on the channel axis (layout = the Split's input). */
        SPLIT,
        /** The channel entry of a Resize's sizes input. */
        RESIZE_SIZES
    }
}
