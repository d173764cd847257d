package io.edgecv.onnx.convert;

import static io.edgecv.onnx.convert.OnnxGraph.integer;
import static io.edgecv.onnx.convert.OnnxGraph.ints;

import java.util.Arrays;
import java.util.List;

/**
 * The window operators: CONV_2D, DEPTHWISE_CONV_2D, TRANSPOSE_CONV, MAX_POOL_2D, AVERAGE_POOL_2D, and
 * FULLY_CONNECTED. Convolutions and pools run on NCHW values; filters are rearranged from TFLite's
 * {@code [out, h, w, in]} to ONNX's layouts at conversion time; SAME padding becomes the explicit (possibly
 * asymmetric) pads TFLite computes.
 *
 * <p>Thread-safety: stateless.
 */
final class ConvOps {
    private ConvOps() {
    }

    static void conv(Emitter e, TfLiteModel.Operator op) throws UnsupportedModelException, TfLiteFormatException {
        int x = op.inputs()[0];
        int w = op.inputs()[1];
        int[] ws = e.v.shape(w);
        int[] xs = e.v.shape(x);
        int o = ws[0];
        int kh = ws[1];
        int kw = ws[2];
        int in = ws[3];
        if (in == 0 || xs[3] % in != 0) {
            throw refuse(op, "input channels " + xs[3] + " are not a multiple of the filter's " + in);
        }
        float[] f = e.v.floats(w);
        float[] r = new float[f.length];
        for (int a = 0; a < o; a++) {
            for (int y = 0; y < kh; y++) {
                for (int z = 0; z < kw; z++) {
                    for (int i = 0; i < in; i++) {
                        r[((a * in + i) * kh + y) * kw + z] = f[((a * kh + y) * kw + z) * in + i];
                    }
                }
            }
        }
        String weights = e.g.floats(OnnxGraph.readable(e.v.tensor(w).name()) + "_oihw", new long[] {o, in, kh, kw}, r);
        window(e, op, "Conv", weights, kh, kw, xs[3] / in, op.optionByte(0, 0) == 0, op.options(1, 1),
                op.options(2, 1), op.optionByte(3, 0), op.options(4, 1), op.options(5, 1));
    }

    static void depthwise(Emitter e, TfLiteModel.Operator op)
            throws UnsupportedModelException, TfLiteFormatException {
        int x = op.inputs()[0];
        int w = op.inputs()[1];
        int[] ws = e.v.shape(w);
        int channels = e.v.shape(x)[3];
        int kh = ws[1];
        int kw = ws[2];
        int cm = ws[3];
        if (ws[0] != 1 || channels == 0 || cm % channels != 0) {
            throw refuse(op, "filter shape " + Arrays.toString(ws) + " does not fit " + channels
                    + " input channels");
        }
        float[] f = e.v.floats(w);
        float[] r = new float[f.length];
        for (int a = 0; a < cm; a++) {
            for (int y = 0; y < kh; y++) {
                for (int z = 0; z < kw; z++) {
                    r[(a * kh + y) * kw + z] = f[(y * kw + z) * cm + a];
                }
            }
        }
        String weights = e.g.floats(OnnxGraph.readable(e.v.tensor(w).name()) + "_oihw", new long[] {cm, 1, kh, kw}, r);
        window(e, op, "Conv", weights, kh, kw, channels, op.optionByte(0, 0) == 0, op.options(1, 1),
                op.options(2, 1), op.optionByte(4, 0), op.options(5, 1), op.options(6, 1));
    }

    static void pool(Emitter e, TfLiteModel.Operator op, String onnxOp)
            throws UnsupportedModelException, TfLiteFormatException {
        window(e, op, onnxOp, null, op.options(4, 1), op.options(3, 1), 1, op.optionByte(0, 0) == 0,
                op.options(1, 1), op.options(2, 1), op.optionByte(5, 0), 1, 1);
    }

    /** Conv (weights given) or a pool (weights null) on NCHW values with TFLite's padding. */
    private static void window(Emitter e, TfLiteModel.Operator op, String onnxOp, String weights, int kh, int kw,
                               int group, boolean same, int sw, int sh, int fused, int dw, int dh)
            throws UnsupportedModelException {
        int x = op.inputs()[0];
        int out = op.outputs()[0];
        int[] xs = e.v.shape(x);
        int[] py = Emitter.pads(xs[1], kh, sh, dh, same);
        int[] px = Emitter.pads(xs[2], kw, sw, dw, same);
        int[] os = e.v.shape(out);
        if (os.length != 4 || os[1] != py[2] || os[2] != px[2]) {
            throw refuse(op, "output shape " + Arrays.toString(os) + " is not the " + py[2] + "x" + px[2]
                    + " TFLite's padding gives");
        }
        int[] pads = {py[0], px[0], py[1], px[1]};
        if (weights == null) {
            e.write(onnxOp, new String[] {e.v.get(x, true)}, out, true, fused, ints("kernel_shape", kh, kw),
                    ints("strides", sh, sw), ints("pads", pads));
            return;
        }
        int b = Emitter.input(op, 2);
        String[] in = b < 0 ? new String[] {e.v.get(x, true), weights}
                : new String[] {e.v.get(x, true), weights, e.v.tflite(b)};
        e.write(onnxOp, in, out, true, fused, ints("kernel_shape", kh, kw), ints("strides", sh, sw),
                ints("dilations", dh, dw), ints("pads", pads), integer("group", group));
    }

    static void transposeConv(Emitter e, TfLiteModel.Operator op)
            throws UnsupportedModelException, TfLiteFormatException {
        int w = op.inputs()[1];
        int x = op.inputs()[2];
        int out = op.outputs()[0];
        int[] ws = e.v.shape(w);
        int o = ws[0];
        int kh = ws[1];
        int kw = ws[2];
        int in = ws[3];
        float[] f = e.v.floats(w);
        float[] r = new float[f.length];
        for (int a = 0; a < o; a++) {
            for (int y = 0; y < kh; y++) {
                for (int z = 0; z < kw; z++) {
                    for (int i = 0; i < in; i++) {
                        r[((i * o + a) * kh + y) * kw + z] = f[((a * kh + y) * kw + z) * in + i];
                    }
                }
            }
        }
        String weights = e.g.floats(OnnxGraph.readable(e.v.tensor(w).name()) + "_iohw", new long[] {in, o, kh, kw}, r);
        boolean same = op.optionByte(0, 0) == 0;
        int sw = op.options(1, 1);
        int sh = op.options(2, 1);
        int[] xs = e.v.shape(x);
        int[] os = e.v.shape(out);
        int[] py = transposedPads(xs[1], os[1], kh, sh, same);
        int[] px = transposedPads(xs[2], os[2], kw, sw, same);
        int b = Emitter.input(op, 3);
        String[] ins = b < 0 ? new String[] {e.v.get(x, true), weights}
                : new String[] {e.v.get(x, true), weights, e.v.tflite(b)};
        e.write("ConvTranspose", ins, out, true, op.optionByte(3, 0), ints("kernel_shape", kh, kw),
                ints("strides", sh, sw), ints("pads", py[0], px[0], py[1], px[1]),
                ints("output_padding", py[2], px[2]));
    }

    /**
     * TFLite places the filter at {@code in * stride - before}, {@code before} being the padding of the forward
     * convolution from the output size; the rest is cropped at the end, or added as output padding.
     *
     * @return {before, after, output padding}
     */
    private static int[] transposedPads(int in, int out, int k, int s, boolean same) {
        int small = same ? (out + s - 1) / s : (out - k + s) / s;
        int before = Math.max((small - 1) * s + k - out, 0) / 2;
        int after = (in - 1) * s + k - before - out;
        return after >= 0 ? new int[] {before, after, 0} : new int[] {before, 0, -after};
    }

    static void fullyConnected(Emitter e, TfLiteModel.Operator op)
            throws UnsupportedModelException, TfLiteFormatException {
        if (op.optionByte(1, 0) != 0) {
            throw refuse(op, "shuffled weights format " + op.optionByte(1, 0));
        }
        int x = op.inputs()[0];
        int w = op.inputs()[1];
        int b = Emitter.input(op, 2);
        int out = op.outputs()[0];
        int depth = e.v.shape(w)[1];
        String a = e.v.tflite(x);
        if (e.v.rank(x) != 2) {
            a = e.g.node("Reshape", new String[] {a, e.g.longs("fc_shape", -1, depth)}, e.g.fresh(a + "_2d"));
        }
        String[] in = b < 0 ? new String[] {a, e.v.tflite(w)} : new String[] {a, e.v.tflite(w), e.v.tflite(b)};
        int fused = op.optionByte(0, 0);
        if (e.v.rank(out) == 2) {
            e.write("Gemm", in, out, false, fused, integer("transB", 1));
        } else {
            String y = e.g.node("Gemm", in, e.g.fresh(OnnxGraph.readable(e.v.tensor(out).name()) + "_2d"), integer("transB", 1));
            long[] shape = Arrays.stream(e.v.shape(out)).asLongStream().toArray();
            e.write("Reshape", new String[] {y, e.g.longs("fc_out_shape", shape)}, out, false, fused);
        }
    }

    static UnsupportedModelException refuse(TfLiteModel.Operator op, String why) {
        return new UnsupportedModelException("the model", List.of("operator " + op.index() + " (" + op.name()
                + "): " + why));
    }
}
