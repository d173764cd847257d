package io.edgecv.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Shared 2-D window arithmetic for Conv and the pooling operators: ONNX {@code pads}/{@code auto_pad} turned into
 * libtorch's symmetric padding, with an explicit pad first where ONNX pads one side more than the other.
 *
 * <p>Thread-safety: stateless.
 */
final class Spatial {
    private Spatial() {
    }

    /** The input after any asymmetric padding, and the symmetric padding left for the kernel call. */
    static final class Padded {
        final NDArray input;
        final Shape symmetric;

        Padded(NDArray input, Shape symmetric) {
            this.input = input;
            this.symmetric = symmetric;
        }
    }

    static void require4d(NodeContext ctx, NDArray x) {
        if (x.getShape().dimension() != 4) {
            throw ctx.refuse("only 2-D spatial inputs (rank 4, NCHW) are supported, got shape " + x.getShape());
        }
    }

    static long[] pairOr(NodeContext ctx, String name, long fallback) {
        long[] v = ctx.ints(name);
        if (v == null) {
            return new long[] {fallback, fallback};
        }
        if (v.length != 2) {
            throw ctx.refuse(name + " has " + v.length + " values; only 2-D windows are supported");
        }
        return v;
    }

    /**
     * @param kernel the effective window before dilation
     * @param padValue the value of padded cells (0 for Conv, -inf for MaxPool)
     * @return the padded input and the symmetric padding left for libtorch
     */
    static Padded pad(NodeContext ctx, NDArray x, long[] kernel, long[] strides, long[] dilations,
            double padValue) {
        long[] pads = ctx.ints("pads");
        String autoPad = ctx.s("auto_pad", "NOTSET");
        long[] p = new long[4];
        if (autoPad.equals("SAME_UPPER") || autoPad.equals("SAME_LOWER")) {
            for (int a = 0; a < 2; a++) {
                long in = x.getShape().get(2 + a);
                long out = (in + strides[a] - 1) / strides[a];
                long total = Math.max(0, (out - 1) * strides[a] + (kernel[a] - 1) * dilations[a] + 1 - in);
                long small = total / 2;
                long big = total - small;
                boolean upper = autoPad.equals("SAME_UPPER");
                p[a] = upper ? small : big;
                p[a + 2] = upper ? big : small;
            }
        } else if (autoPad.equals("NOTSET") && pads != null) {
            if (pads.length != 4) {
                throw ctx.refuse("pads has " + pads.length + " values; only 2-D windows are supported");
            }
            p = pads;
        } else if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            throw ctx.refuse("auto_pad=" + autoPad);
        }
        if (p[0] == p[2] && p[1] == p[3] && p[0] <= kernel[0] / 2 && p[1] <= kernel[1] / 2) {
            return new Padded(x, new Shape(p[0], p[1]));
        }
        // libtorch's F.pad order: last axis first (left, right, top, bottom)
        return new Padded(x.pad(new Shape(p[1], p[3], p[0], p[2]), padValue), new Shape(0, 0));
    }
}
