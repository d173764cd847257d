package io.edgecv.onnx.convert;

import ai.onnx.proto.OnnxMl.AttributeProto;
import java.util.HashMap;
import java.util.Map;

/**
 * What every operator mapping shares: the graph, the tensor values, the opset, fused activations, padding as
 * TFLite computes it, and cached scalar constants.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class Emitter {
    /** TFLite {@code ActivationFunctionType} codes. */
    static final int NONE = 0;
    static final int RELU = 1;
    static final int RELU_N1_TO_1 = 2;
    static final int RELU6 = 3;
    static final int TANH = 4;

    final OnnxGraph g;
    final TensorValues v;
    final int opset;
    private final Map<Float, String> scalars = new HashMap<>();

    Emitter(OnnxGraph g, TensorValues v, int opset) {
        this.g = g;
        this.v = v;
        this.opset = opset;
    }

    /** @return a float scalar initializer of this value, made once */
    String scalar(float value) {
        return scalars.computeIfAbsent(value, x -> g.scalar("const_" + x, x));
    }

    /**
     * Writes {@code op} for output tensor {@code t} in the given layout, followed by the fused activation.
     *
     * @return the output's name
     */
    String write(String op, String[] inputs, int t, boolean nchw, int fused, AttributeProto... attrs)
            throws UnsupportedModelException {
        String out = v.name(t, nchw);
        if (fused == NONE) {
            g.node(op, inputs, out, attrs);
        } else {
            activation(fused, g.node(op, inputs, g.fresh(out + "_pre"), attrs), out);
        }
        v.set(t, nchw, out);
        return out;
    }

    /** Writes a fused activation of {@code x} into {@code out}. */
    void activation(int fused, String x, String out) throws UnsupportedModelException {
        switch (fused) {
            case RELU -> g.node("Relu", new String[] {x}, out);
            case RELU_N1_TO_1 -> g.node("Clip", new String[] {x, scalar(-1f), scalar(1f)}, out);
            case RELU6 -> g.node("Clip", new String[] {x, scalar(0f), scalar(6f)}, out);
            case TANH -> g.node("Tanh", new String[] {x}, out);
            default -> throw new UnsupportedModelException(out, java.util.List.of("fused activation " + fused
                    + " (SIGN_BIT or unknown) is not supported"));
        }
    }

    /**
     * Padding of one spatial axis as TFLite computes it ({@code ComputePaddingHeightWidth}): SAME pads so that
     * {@code out = ceil(in / stride)}, the odd pixel at the end.
     *
     * @return {before, after, output size}
     */
    static int[] pads(int in, int kernel, int stride, int dilation, boolean same) {
        int effective = (kernel - 1) * dilation + 1;
        int out = same ? (in + stride - 1) / stride : (in + stride - effective) / stride;
        int total = Math.max((out - 1) * stride + effective - in, 0);
        return new int[] {total / 2, total - total / 2, out};
    }

    /** @return the operator's input {@code i}, or -1 when the operator has no such input or omits it */
    static int input(TfLiteModel.Operator op, int i) {
        return i < op.inputs().length ? op.inputs()[i] : -1;
    }
}
