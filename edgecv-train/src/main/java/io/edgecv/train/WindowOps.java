package io.edgecv.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;

/**
 * Conv (grouped and depthwise, pads, strides, dilations, auto_pad), MaxPool, AveragePool and GlobalAveragePool
 * on NCHW inputs.
 *
 * <p>Thread-safety: stateless.
 */
final class WindowOps {
    private WindowOps() {
    }

    static NDArray[] conv(NodeContext ctx, NDArray[] in) {
        NDArray x = in[0];
        NDArray w = in[1];
        Spatial.require4d(ctx, x);
        long[] kernel = {w.getShape().get(2), w.getShape().get(3)};
        long[] strides = Spatial.pairOr(ctx, "strides", 1);
        long[] dilations = Spatial.pairOr(ctx, "dilations", 1);
        int group = Math.toIntExact(ctx.i("group", 1));
        Spatial.Padded p = Spatial.pad(ctx, x, kernel, strides, dilations, 0);
        NDArray bias = in.length > 2 ? in[2] : null;
        NDArray y = Conv2d.conv2d(p.input, w, bias, new Shape(strides), p.symmetric, new Shape(dilations), group)
                .singletonOrThrow();
        return new NDArray[] {y};
    }

    static NDArray[] maxPool(NodeContext ctx, NDArray[] in) {
        NDArray x = in[0];
        Spatial.require4d(ctx, x);
        if (ctx.node.getOutputCount() > 1 && !ctx.node.getOutput(1).isEmpty()) {
            throw ctx.refuse("the Indices output of MaxPool");
        }
        long[] kernel = Spatial.pairOr(ctx, "kernel_shape", -1);
        long[] strides = Spatial.pairOr(ctx, "strides", 1);
        long[] dilations = Spatial.pairOr(ctx, "dilations", 1);
        if (dilations[0] != 1 || dilations[1] != 1) {
            throw ctx.refuse("dilated MaxPool");
        }
        Spatial.Padded p = Spatial.pad(ctx, x, kernel, strides, dilations, Double.NEGATIVE_INFINITY);
        boolean ceil = ctx.i("ceil_mode", 0) != 0;
        return new NDArray[] {Pool.maxPool2d(p.input, new Shape(kernel), new Shape(strides), p.symmetric, ceil)};
    }

    static NDArray[] averagePool(NodeContext ctx, NDArray[] in) {
        NDArray x = in[0];
        Spatial.require4d(ctx, x);
        long[] kernel = Spatial.pairOr(ctx, "kernel_shape", -1);
        long[] strides = Spatial.pairOr(ctx, "strides", 1);
        long[] dilations = Spatial.pairOr(ctx, "dilations", 1);
        if (dilations[0] != 1 || dilations[1] != 1) {
            throw ctx.refuse("dilated AveragePool");
        }
        boolean includePad = ctx.i("count_include_pad", 0) != 0;
        Spatial.Padded p = Spatial.pad(ctx, x, kernel, strides, dilations, 0);
        if (p.input != x && !includePad) {
            throw ctx.refuse("asymmetric pads with count_include_pad=0");
        }
        boolean ceil = ctx.i("ceil_mode", 0) != 0;
        NDArray sum = Pool.avgPool2d(p.input, new Shape(kernel), new Shape(strides), p.symmetric, ceil, true);
        if (includePad || p.symmetric.get(0) == 0 && p.symmetric.get(1) == 0) {
            return new NDArray[] {sum};
        }
        // ONNX count_include_pad=0 divides by the cells inside the image: the same pool over ones gives their share
        // (done by hand because DJL's PyTorch engine did not match ONNX Runtime with countIncludePad=false)
        NDArray ones = x.getManager().ones(new Shape(1, 1, x.getShape().get(2), x.getShape().get(3)),
                x.getDataType());
        NDArray share = Pool.avgPool2d(ones, new Shape(kernel), new Shape(strides), p.symmetric, ceil, true);
        return new NDArray[] {sum.div(share)};
    }

    static NDArray[] globalAveragePool(NodeContext ctx, NDArray[] in) {
        int rank = in[0].getShape().dimension();
        int[] axes = new int[rank - 2];
        for (int a = 2; a < rank; a++) {
            axes[a - 2] = a;
        }
        return new NDArray[] {meanOver(in[0], axes, true)};
    }

    /** Mean over several axes, one at a time (DJL's PyTorch engine reduces one axis per call). */
    static NDArray meanOver(NDArray x, int[] axes, boolean keepDims) {
        int[] sorted = axes.clone();
        java.util.Arrays.sort(sorted);
        NDArray y = x;
        for (int k = sorted.length - 1; k >= 0; k--) {
            y = y.mean(new int[] {sorted[k]}, keepDims);
        }
        return y;
    }
}
