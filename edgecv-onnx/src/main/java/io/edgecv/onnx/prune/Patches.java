package io.edgecv.onnx.prune;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.nio.FloatBuffer;
import java.util.Random;

/**
 * The input patch that one output position of a consumer reads: for a 2-D convolution the im2col row (channels x
 * kernel taps, zero outside the padded input, in the weight's [in, kh, kw] order), for Gemm/MatMul the input row.
 * Output positions are sampled per image with a seed of their own, so that the unpruned and the pruned model are
 * sampled at the same places.
 *
 * <p>Thread-safety: immutable.
 */
final class Patches {
    private final boolean dense;
    private final int kh;
    private final int kw;
    private final int sh;
    private final int sw;
    private final int dh;
    private final int dw;
    private final String autoPad;
    private final long[] pads;

    /**
     * @param n the consumer node
     * @param weightDims its weight's dims (the kernel size when the node does not say)
     */
    Patches(NodeProto n, long[] weightDims) {
        this.dense = !n.getOpType().equals("Conv");
        long[] k = ints(n, "kernel_shape", weightDims.length == 4 ? new long[] {weightDims[2], weightDims[3]}
                : new long[] {1, 1});
        long[] s = ints(n, "strides", new long[] {1, 1});
        long[] d = ints(n, "dilations", new long[] {1, 1});
        this.pads = ints(n, "pads", new long[] {0, 0, 0, 0});
        this.kh = (int) k[0];
        this.kw = k.length < 2 ? 1 : (int) k[1];
        this.sh = (int) s[0];
        this.sw = s.length < 2 ? 1 : (int) s[1];
        this.dh = (int) d[0];
        this.dw = d.length < 2 ? 1 : (int) d[1];
        String ap = "NOTSET";
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals("auto_pad")) {
                ap = a.getS().toStringUtf8();
            }
        }
        this.autoPad = ap;
    }

    /** @return features per channel (kernel taps) */
    int taps() {
        return kh * kw;
    }

    /**
     * @param n output positions
     * @param samples how many to take
     * @param seed the sampling seed
     * @return sampled output positions (all, in order, when there are no more than {@code samples})
     */
    static int[] sample(int n, int samples, long seed) {
        if (n <= samples) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        Random r = new Random(seed);
        int[] pick = new int[samples];
        for (int i = 0; i < samples; i++) {
            pick[i] = r.nextInt(n);
        }
        return pick;
    }

    /**
     * Writes one patch.
     *
     * @param x the input tensor values, [1, C, H, W] (or [1, C] for Gemm/MatMul)
     * @param xShape its shape
     * @param channels which input channels to take, in order
     * @param outPos the output position (row-major over the output's H x W)
     * @param outW the output width
     * @param dst where to write channels.length x taps values
     * @param at the first index to write
     */
    void patch(FloatBuffer x, long[] xShape, int[] channels, int outPos, int outW, double[] dst, int at) {
        if (dense || xShape.length < 4) {
            for (int c = 0; c < channels.length; c++) {
                dst[at + c] = x.get(channels[c]);
            }
            return;
        }
        int h = (int) xShape[2];
        int w = (int) xShape[3];
        int oy = outPos / outW;
        int ox = outPos % outW;
        int top = padBegin(0, h);
        int left = padBegin(1, w);
        int y0 = oy * sh - top;
        int x0 = ox * sw - left;
        int t = kh * kw;
        for (int c = 0; c < channels.length; c++) {
            int base = channels[c] * h * w;
            for (int ky = 0; ky < kh; ky++) {
                int iy = y0 + ky * dh;
                for (int kx = 0; kx < kw; kx++) {
                    int ix = x0 + kx * dw;
                    dst[at + c * t + ky * kw + kx] = iy < 0 || iy >= h || ix < 0 || ix >= w ? 0
                            : x.get(base + iy * w + ix);
                }
            }
        }
    }

    private int padBegin(int axis, int size) {
        if (autoPad.equals("NOTSET")) {
            return (int) pads[axis]; // pads are [top, left, bottom, right]
        }
        if (autoPad.equals("VALID")) {
            return 0;
        }
        int s = axis == 0 ? sh : sw;
        int k = axis == 0 ? kh : kw;
        int d = axis == 0 ? dh : dw;
        int out = (size + s - 1) / s;
        int total = Math.max(0, (out - 1) * s + (k - 1) * d + 1 - size);
        return autoPad.equals("SAME_LOWER") ? total - total / 2 : total / 2;
    }

    private static long[] ints(NodeProto n, String name, long[] fallback) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
            }
        }
        return fallback;
    }
}
