package io.edgecv.onnx.convert;

import static io.edgecv.onnx.convert.OnnxGraph.real;

/**
 * Elementwise operators, which run in whichever layout their inputs already have: binary arithmetic with
 * broadcasting (ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM), activations (RELU, RELU6, RELU_N1_TO_1, LOGISTIC, TANH,
 * HARD_SWISH, LEAKY_RELU, PRELU) and DEQUANTIZE.
 *
 * <p>Thread-safety: stateless.
 */
final class ElementOps {
    private ElementOps() {
    }

    /**
     * Binary arithmetic. NCHW when the output is 4-D and a runtime input is already NCHW; constants are then
     * broadcast to rank 4 and permuted, which keeps TFLite's (NHWC, right-aligned) broadcasting.
     */
    static void binary(Emitter e, TfLiteModel.Operator op, String onnxOp, int fused)
            throws UnsupportedModelException {
        int out = op.outputs()[0];
        boolean nchw = prefersNchw(e, op, op.inputs());
        String[] in = new String[2];
        for (int i = 0; i < 2; i++) {
            in[i] = operand(e, op.inputs()[i], nchw);
        }
        e.write(onnxOp, in, out, nchw, fused);
    }

    /** @return whether the operator should run on NCHW values */
    static boolean prefersNchw(Emitter e, TfLiteModel.Operator op, int[] inputs) {
        if (e.v.rank(op.outputs()[0]) != 4) {
            return false;
        }
        boolean any = false;
        for (int t : inputs) {
            if (t < 0) {
                continue;
            }
            if (!e.v.isConstant(t) && e.v.rank(t) != 4) {
                return false;
            }
            any |= e.v.hasNchw(t);
        }
        return any;
    }

    private static String operand(Emitter e, int t, boolean nchw) {
        if (nchw && e.v.isConstant(t)) {
            return e.v.constantBroadcastNchw(t);
        }
        return e.v.get(t, nchw);
    }

    /** One-input activations, in the layout the input already has. */
    static void unary(Emitter e, TfLiteModel.Operator op) throws UnsupportedModelException, TfLiteFormatException {
        int x = op.inputs()[0];
        int out = op.outputs()[0];
        boolean nchw = e.v.hasNchw(x);
        String in = e.v.get(x, nchw);
        switch (op.code()) {
            case TfLiteOps.RELU -> e.write("Relu", new String[] {in}, out, nchw, Emitter.NONE);
            case TfLiteOps.RELU6 -> e.write("Clip", new String[] {in, e.scalar(0f), e.scalar(6f)}, out, nchw,
                    Emitter.NONE);
            case TfLiteOps.RELU_N1_TO_1 -> e.write("Clip", new String[] {in, e.scalar(-1f), e.scalar(1f)}, out,
                    nchw, Emitter.NONE);
            case TfLiteOps.LOGISTIC -> e.write("Sigmoid", new String[] {in}, out, nchw, Emitter.NONE);
            case TfLiteOps.TANH -> e.write("Tanh", new String[] {in}, out, nchw, Emitter.NONE);
            case TfLiteOps.LEAKY_RELU -> e.write("LeakyRelu", new String[] {in}, out, nchw, Emitter.NONE,
                    real("alpha", op.optionFloat(0, 0f)));
            case TfLiteOps.HARD_SWISH -> {
                // x * relu6(x + 3) / 6, written as x * HardSigmoid(x; 1/6, 0.5): valid from opset 6 on
                String gate = e.g.node("HardSigmoid", new String[] {in}, e.g.fresh(in + "_hsig"),
                        real("alpha", 1f / 6f), real("beta", 0.5f));
                e.write("Mul", new String[] {in, gate}, out, nchw, Emitter.NONE);
            }
            default -> throw new IllegalStateException("not a unary operator: " + op.name());
        }
    }

    static void prelu(Emitter e, TfLiteModel.Operator op) throws UnsupportedModelException {
        int x = op.inputs()[0];
        int alpha = op.inputs()[1];
        boolean nchw = e.v.hasNchw(x) && e.v.isConstant(alpha);
        String slope = nchw ? e.v.constantBroadcastNchw(alpha) : e.v.tflite(alpha);
        e.write("PRelu", new String[] {e.v.get(x, nchw), slope}, op.outputs()[0], nchw, Emitter.NONE);
    }

    /**
     * DEQUANTIZE: of a constant (float16 or int8/uint8 weights), folded to float32 at conversion time; of a
     * runtime tensor, a Cast (float16) or a DequantizeLinear (int8/uint8).
     */
    static void dequantize(Emitter e, TfLiteModel.Operator op) throws UnsupportedModelException {
        int x = op.inputs()[0];
        int out = op.outputs()[0];
        TfLiteModel.Tensor t = e.v.tensor(x);
        if (e.v.isConstant(x)) {
            e.v.fold(out, t.isConstant() && t.isQuantized() ? dequantized(t) : e.v.floats(x));
            return;
        }
        boolean nchw = e.v.hasNchw(x);
        if (t.type() == TfLiteModel.FLOAT16) {
            e.write("Cast", new String[] {e.v.get(x, nchw)}, out, nchw, Emitter.NONE,
                    OnnxGraph.integer("to", OnnxGraph.FLOAT));
            return;
        }
        if (t.scales().length != 1) {
            throw ConvOps.refuse(op, "per-channel dequantization of the runtime tensor " + t.name());
        }
        int type = t.type() == TfLiteModel.INT8 ? ai.onnx.proto.OnnxMl.TensorProto.DataType.INT8_VALUE
                : ai.onnx.proto.OnnxMl.TensorProto.DataType.UINT8_VALUE;
        String zero = e.g.initializer(OnnxGraph.readable(t.name()) + "_zero_point", type, new long[0],
                new byte[] {(byte) (t.zeroPoints().length == 0 ? 0 : t.zeroPoints()[0])});
        e.write("DequantizeLinear", new String[] {e.v.get(x, nchw), e.scalar(t.scales()[0]), zero}, out, nchw,
                Emitter.NONE);
    }

    /** DENSIFY of a sparse constant, folded to its dense values at conversion time. */
    static void densify(Emitter e, TfLiteModel.Operator op) throws TfLiteFormatException {
        e.v.fold(op.outputs()[0], Densify.values(e.v.tensor(op.inputs()[0])));
    }

    /** @return (q - zero point) * scale, per channel along the quantized dimension */
    private static float[] dequantized(TfLiteModel.Tensor t) {
        byte[] d = t.data();
        int[] s = t.shape();
        int axis = t.quantizedDimension();
        int channels = t.scales().length;
        int inner = 1;
        for (int i = axis + 1; i < s.length; i++) {
            inner *= s[i];
        }
        float[] out = new float[(int) t.elementCount()];
        boolean signed = t.type() == TfLiteModel.INT8;
        for (int i = 0; i < out.length; i++) {
            int c = channels == 1 ? 0 : (i / inner) % channels;
            int q = signed ? d[i] : d[i] & 0xFF;
            long zp = t.zeroPoints().length == 0 ? 0 : t.zeroPoints()[Math.min(c, t.zeroPoints().length - 1)];
            out[i] = (float) ((q - zp) * (double) t.scales()[c]);
        }
        return out;
    }
}
