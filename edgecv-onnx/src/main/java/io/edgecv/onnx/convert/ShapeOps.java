package io.edgecv.onnx.convert;

import static io.edgecv.onnx.convert.OnnxGraph.integer;
import static io.edgecv.onnx.convert.OnnxGraph.ints;
import static io.edgecv.onnx.convert.OnnxGraph.text;

import java.util.Arrays;

/**
 * Operators that move data or reduce it: CONCATENATION, RESHAPE, PAD, PADV2, MEAN, RESIZE_BILINEAR,
 * RESIZE_NEAREST_NEIGHBOR, TRANSPOSE and SOFTMAX. Axes are remapped where the operator runs on NCHW values.
 *
 * <p>Thread-safety: stateless.
 */
final class ShapeOps {
    /** NHWC axis to NCHW axis. */
    private static final int[] AXIS_TO_NCHW = {0, 2, 3, 1};

    private ShapeOps() {
    }

    static void concat(Emitter e, TfLiteModel.Operator op) throws UnsupportedModelException, TfLiteFormatException {
        int out = op.outputs()[0];
        int rank = e.v.rank(out);
        int axis = op.options(0, 0);
        axis = axis < 0 ? axis + rank : axis;
        boolean nchw = ElementOps.prefersNchw(e, op, op.inputs());
        String[] in = new String[op.inputs().length];
        for (int i = 0; i < in.length; i++) {
            in[i] = e.v.get(op.inputs()[i], nchw);
        }
        e.write("Concat", in, out, nchw, op.optionByte(1, 0),
                integer("axis", nchw ? AXIS_TO_NCHW[axis] : axis));
    }

    /** RESHAPE to the output tensor's static shape, on the TFLite layout. */
    static void reshape(Emitter e, TfLiteModel.Operator op) throws UnsupportedModelException {
        int out = op.outputs()[0];
        long[] shape = Arrays.stream(e.v.shape(out)).asLongStream().toArray();
        e.write("Reshape", new String[] {e.v.tflite(op.inputs()[0]), e.g.longs("shape", shape)}, out, false,
                Emitter.NONE);
    }

    static void pad(Emitter e, TfLiteModel.Operator op) throws UnsupportedModelException {
        int x = op.inputs()[0];
        int out = op.outputs()[0];
        long[] p = e.v.ints(op.inputs()[1]);
        int rank = e.v.rank(x);
        if (p == null || p.length != 2 * rank) {
            throw ConvOps.refuse(op, "paddings must be a constant [" + rank + ", 2] integer tensor");
        }
        boolean nchw = e.v.hasNchw(x);
        long[] pads = new long[2 * rank];
        for (int a = 0; a < rank; a++) {
            int to = nchw ? AXIS_TO_NCHW[a] : a;
            pads[to] = p[2 * a];
            pads[rank + to] = p[2 * a + 1];
        }
        int c = Emitter.input(op, 2);
        String[] in = c < 0 ? new String[] {e.v.get(x, nchw), e.g.longs("pads", pads)}
                : new String[] {e.v.get(x, nchw), e.g.longs("pads", pads), scalarOf(e, op, c)};
        e.write("Pad", in, out, nchw, Emitter.NONE, text("mode", "constant"));
    }

    private static String scalarOf(Emitter e, TfLiteModel.Operator op, int t) throws UnsupportedModelException {
        if (!e.v.isConstant(t) || e.v.tensor(t).elementCount() != 1) {
            throw ConvOps.refuse(op, "the padding value must be a constant scalar");
        }
        return e.scalar(e.v.floats(t)[0]);
    }

    static void mean(Emitter e, TfLiteModel.Operator op) throws UnsupportedModelException, TfLiteFormatException {
        int x = op.inputs()[0];
        int out = op.outputs()[0];
        long[] axes = e.v.ints(op.inputs()[1]);
        if (axes == null) {
            throw ConvOps.refuse(op, "the axes must be a constant integer tensor");
        }
        int rank = e.v.rank(x);
        boolean keep = op.optionByte(0, 0) != 0;
        boolean[] reduced = new boolean[rank];
        for (long a : axes) {
            reduced[(int) (a < 0 ? a + rank : a)] = true;
        }
        // NCHW only where the kept axes come out in the same order in both layouts
        boolean nchw = e.v.hasNchw(x) && (keep || (reduced[1] && reduced[2]));
        int[] onnxAxes = new int[axes.length];
        int n = 0;
        for (int a = 0; a < rank; a++) {
            if (reduced[a]) {
                onnxAxes[n++] = nchw ? AXIS_TO_NCHW[a] : a;
            }
        }
        onnxAxes = Arrays.copyOf(onnxAxes, n);
        Arrays.sort(onnxAxes);
        boolean outNchw = nchw && keep;
        if (e.opset >= 18) {
            long[] la = Arrays.stream(onnxAxes).asLongStream().toArray();
            e.write("ReduceMean", new String[] {e.v.get(x, nchw), e.g.longs("axes", la)}, out, outNchw,
                    Emitter.NONE, integer("keepdims", keep ? 1 : 0));
        } else {
            e.write("ReduceMean", new String[] {e.v.get(x, nchw)}, out, outNchw, Emitter.NONE,
                    ints("axes", onnxAxes), integer("keepdims", keep ? 1 : 0));
        }
    }

    /**
     * RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR on NCHW values. TFLite's coordinate modes map to ONNX ones:
     * align_corners to {@code align_corners}; half_pixel_centers to {@code half_pixel} (bilinear) or
     * {@code tf_half_pixel_for_nn} (nearest); neither to {@code asymmetric}. Nearest rounds down, or half away
     * from zero with align_corners, as TFLite does.
     */
    static void resize(Emitter e, TfLiteModel.Operator op) throws UnsupportedModelException, TfLiteFormatException {
        int x = op.inputs()[0];
        int out = op.outputs()[0];
        boolean bilinear = op.code() == TfLiteOps.RESIZE_BILINEAR;
        boolean alignCorners = op.optionByte(bilinear ? 2 : 0, 0) != 0;
        boolean halfPixel = op.optionByte(bilinear ? 3 : 1, 0) != 0;
        String mode = alignCorners ? "align_corners" : halfPixel ? (bilinear ? "half_pixel" : "tf_half_pixel_for_nn")
                : "asymmetric";
        int[] os = e.v.shape(out);
        String sizes = e.g.longs("sizes", os[0], os[3], os[1], os[2]);
        String[] in = {e.v.get(x, true), "", "", sizes};
        if (bilinear) {
            e.write("Resize", in, out, true, Emitter.NONE, text("mode", "linear"),
                    text("coordinate_transformation_mode", mode));
        } else {
            e.write("Resize", in, out, true, Emitter.NONE, text("mode", "nearest"),
                    text("coordinate_transformation_mode", mode),
                    text("nearest_mode", alignCorners ? "round_prefer_ceil" : "floor"));
        }
    }

    /** TRANSPOSE; on a value that is only NCHW so far, the two permutations are composed into one. */
    static void transpose(Emitter e, TfLiteModel.Operator op) throws UnsupportedModelException {
        int x = op.inputs()[0];
        long[] p = e.v.ints(op.inputs()[1]);
        int rank = e.v.rank(x);
        if (p == null || p.length != rank) {
            throw ConvOps.refuse(op, "the permutation must be a constant of " + rank + " integers");
        }
        int[] perm = Arrays.stream(p).mapToInt(a -> (int) a).toArray();
        if (rank == 4 && e.v.hasNchw(x)) {
            int[] composed = new int[4];
            for (int i = 0; i < 4; i++) {
                composed[i] = TensorValues.TO_NHWC[perm[i]];
            }
            e.write("Transpose", new String[] {e.v.get(x, true)}, op.outputs()[0], false, Emitter.NONE,
                    ints("perm", composed));
            return;
        }
        e.write("Transpose", new String[] {e.v.tflite(x)}, op.outputs()[0], false, Emitter.NONE,
                ints("perm", perm));
    }

    /** DEPTH_TO_SPACE (ONNX mode DCR, TFLite's channel order) and SPACE_TO_DEPTH on NCHW values. */
    static void depthSpace(Emitter e, TfLiteModel.Operator op, String onnxOp)
            throws UnsupportedModelException, TfLiteFormatException {
        int block = op.options(0, 0);
        if (block < 1) {
            throw ConvOps.refuse(op, "block size " + block);
        }
        String in = e.v.get(op.inputs()[0], true);
        if (onnxOp.equals("DepthToSpace")) {
            e.write(onnxOp, new String[] {in}, op.outputs()[0], true, Emitter.NONE, integer("blocksize", block),
                    text("mode", "DCR"));
        } else {
            e.write(onnxOp, new String[] {in}, op.outputs()[0], true, Emitter.NONE, integer("blocksize", block));
        }
    }

    static void softmax(Emitter e, TfLiteModel.Operator op) throws UnsupportedModelException, TfLiteFormatException {
        String in = e.v.tflite(op.inputs()[0]);
        float beta = op.optionFloat(0, 1f);
        if (beta != 1f) {
            in = e.g.node("Mul", new String[] {in, e.scalar(beta)}, e.g.fresh(in + "_beta"));
        }
        e.write("Softmax", new String[] {in}, op.outputs()[0], false, Emitter.NONE, integer("axis", -1));
    }
}
