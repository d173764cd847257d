package io.edgecv.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Resize: {@code nearest} by whole-number factors (YOLO-style upsampling, as repetition) and {@code linear} on the
 * two spatial axes of an NCHW tensor (bilinear, as FPN-style necks upsample: libtorch's {@code interpolate} with
 * {@code align_corners=False}, which is ONNX's {@code half_pixel} and, from 2 output pixels on,
 * {@code pytorch_half_pixel}). Other modes and coordinate modes ({@code align_corners} among them: DJL's JNI
 * reads that flag otherwise) are refused with the node's name.
 *
 * <p>Thread-safety: stateless.
 */
final class ResizeOps {
    /** libtorch's {@code interpolate} mode number for bilinear, as DJL's PyTorch JNI numbers them. */
    private static final int BILINEAR = 2;

    private ResizeOps() {
    }

    static NDArray[] resize(NodeContext ctx, NDArray[] in) {
        String mode = ctx.s("mode", "nearest");
        if (mode.equals("nearest")) {
            return nearest(ctx, in);
        }
        if (!mode.equals("linear")) {
            throw ctx.refuse("Resize mode=" + mode + " (supported: nearest, linear)");
        }
        if (ctx.i("antialias", 0) != 0) {
            throw ctx.refuse("Resize antialias=1");
        }
        String coords = ctx.s("coordinate_transformation_mode", ctx.opset >= 11 ? "half_pixel" : "asymmetric");
        if (!coords.equals("half_pixel") && !coords.equals("pytorch_half_pixel")) {
            throw ctx.refuse("Resize linear coordinate_transformation_mode=" + coords
                    + " (supported: half_pixel, pytorch_half_pixel)");
        }
        NDArray x = in[0];
        Spatial.require4d(ctx, x);
        Shape s = x.getShape();
        double[] scales = scales(ctx, in);
        if (scales[0] != 1 || scales[1] != 1) {
            throw ctx.refuse("Resize linear over the batch or channel axis (scales " + scales[0] + ", " + scales[1]
                    + ")");
        }
        long[] size = {(long) Math.floor(s.get(2) * scales[2] + 1e-9), (long) Math.floor(s.get(3) * scales[3] + 1e-9)};
        if (size[0] < 2 || size[1] < 2) {
            throw ctx.refuse("Resize linear to " + size[0] + "x" + size[1] + " (at least 2x2)");
        }
        NDArray y = JniUtils.interpolate((PtNDArray) x, size, BILINEAR, false);
        y.attach(ctx.scope);
        return new NDArray[] {y};
    }

    /** @return the scale of every axis, from the scales input or from the sizes input */
    private static double[] scales(NodeContext ctx, NDArray[] in) {
        Shape s = in[0].getShape();
        NDArray scaleIn = ctx.opset < 11 ? in[1] : in.length > 2 ? in[2] : null;
        NDArray sizeIn = ctx.opset >= 11 && in.length > 3 ? in[3] : null;
        if (scaleIn != null && scaleIn.getShape().size() > 0) {
            return scaleIn.toType(DataType.FLOAT64, false).toDoubleArray();
        }
        if (sizeIn != null) {
            long[] sizes = ShapeOps.longs(sizeIn);
            double[] scales = new double[sizes.length];
            for (int a = 0; a < sizes.length; a++) {
                scales[a] = (double) sizes[a] / s.get(a);
            }
            return scales;
        }
        throw ctx.refuse("Resize without scales or sizes");
    }

    /** Nearest neighbour by whole-number factors (YOLO-style upsampling), as repetition. */
    private static NDArray[] nearest(NodeContext ctx, NDArray[] in) {
        String coords = ctx.s("coordinate_transformation_mode", "half_pixel");
        String rounding = ctx.s("nearest_mode", "round_prefer_floor");
        boolean halfPixel = coords.equals("half_pixel") || coords.equals("pytorch_half_pixel");
        boolean sameAsRepeat = halfPixel && rounding.startsWith("round_prefer")
                || coords.equals("asymmetric") && rounding.equals("floor");
        if (ctx.opset >= 11 && !sameAsRepeat) {
            throw ctx.refuse("Resize coordinate_transformation_mode=" + coords + " nearest_mode=" + rounding
                    + " (supported: half_pixel with round_prefer_floor/ceil, asymmetric with floor)");
        }
        NDArray x = in[0];
        double[] scales = scales(ctx, in);
        NDArray y = x;
        for (int a = 0; a < scales.length; a++) {
            long f = Math.round(scales[a]);
            if (f < 1 || Math.abs(scales[a] - f) > 1e-6) {
                throw ctx.refuse("Resize scale " + scales[a] + " on axis " + a + " (only whole-number factors)");
            }
            if (f > 1) {
                y = y.repeat(a, f);
            }
        }
        return new NDArray[] {y == x ? x.add(0) : y};
    }

}
