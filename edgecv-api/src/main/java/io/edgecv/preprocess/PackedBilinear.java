package io.edgecv.preprocess;

import io.edgecv.ImageInput;

/**
 * The fast path of {@link Preprocessor} for the most common source, packed 3-byte pixels ({@code BGR24} video
 * frames, {@code TYPE_3BYTE_BGR} photos). Same half-pixel-centre bilinear taps and the same float arithmetic as
 * the general path, so the tensor is bit-for-bit the same; what differs is how the 12 source bytes of an output
 * pixel are read:
 * <ul>
 *   <li>the column table keeps only the first tap of each pair and its weight; the second tap is always the next
 *       pixel (at the last columns, the pair before it with weight 1 on its second tap: the same value, exactly,
 *       since bytes are whole numbers), so the reads sit at constant offsets from two indices and the JIT checks
 *       their bounds together; the row pair is chosen once a row;</li>
 *   <li>bytes become floats through a 256-entry table instead of 12 int-to-float conversions a pixel.</li>
 * </ul>
 * Measured in place (between SSD inference runs, caches cold) on {@code dog.jpg} to 300x300: 0.78-0.84x the general
 * path's CPU time (see edgecv-bench's {@code InSituPreprocess}). Other tries that did not pay: 11-bit fixed-point
 * weights (0.93-0.96x, and not bit-exact), a separable vertical-then-horizontal pass (1.5x), 4-byte loads through a
 * {@code VarHandle} (1.1x).
 *
 * <p>Thread-safety: not thread-safe; owned by one {@link Preprocessor}.
 */
final class PackedBilinear {
    /** {@code BYTE_VALUE[b] == (float) b}. */
    private static final float[] BYTE_VALUE = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            BYTE_VALUE[i] = i;
        }
    }

    private int[] x0 = new int[0];
    private float[] wx = new float[0];
    private int[] y0 = new int[0];
    private float[] wy = new float[0];
    /** Per content row: 1 if the second source row is the next one, 0 at the bottom edge (both taps the last). */
    private int[] nextRow = new int[0];
    private boolean usable;
    /** Per byte of a source pixel (0, 1, 2): its tensor channel, gain and bias. */
    private final int[] channel = new int[3];
    private final float[] gain = new float[3];
    private final float[] bias = new float[3];

    /** Builds the tables for a {@code sw x sh} source resized to {@code dw x dh}; sources under 2x2 are left out. */
    void prepare(int sw, int sh, int dw, int dh) {
        usable = sw >= 2 && sh >= 2;
        if (!usable) {
            return;
        }
        x0 = new int[dw];
        wx = new float[dw];
        table(sw, dw, 3, x0, wx, true);
        y0 = new int[dh];
        wy = new float[dh];
        nextRow = new int[dh];
        table(sh, dh, 1, y0, wy, false);
        for (int d = 0; d < dh; d++) {
            nextRow[d] = y0[d] == sh - 1 ? 0 : 1;
        }
    }

    /**
     * As {@code Preprocessor.fillTable}, with the second tap implied. Past the last pixel, {@code shift} takes the
     * pair before it with weight 1 (exact for columns, whose taps are whole numbers); otherwise the last pixel with
     * weight 0, as the general path (rows blend interpolated values, where {@code t + (u - t)} may differ from u).
     */
    private static void table(int src, int dst, int stride, int[] first, float[] weight, boolean shift) {
        double ratio = (double) src / dst;
        for (int d = 0; d < dst; d++) {
            double s = Math.max(0, (d + 0.5) * ratio - 0.5);
            int a = (int) s;
            if (a >= src - 1) {
                first[d] = (shift ? src - 2 : src - 1) * stride;
                weight[d] = shift ? 1f : 0f;
            } else {
                first[d] = a * stride;
                weight[d] = (float) (s - a);
            }
        }
    }

    /**
     * @param image the source
     * @param sourceOffset per tensor channel, the byte of a pixel it reads
     * @param channelGain per tensor channel, the gain
     * @param channelBias per tensor channel, the bias
     * @return whether this path handles the image (packed 3-byte pixels, channels a permutation of its bytes); if
     *         so, the channel mapping is set for {@link #row}
     */
    boolean accepts(ImageInput image, int[] sourceOffset, float[] channelGain, float[] channelBias) {
        if (!usable || image.bytes() == null || image.pixelStride() != 3) {
            return false;
        }
        int seen = 0;
        for (int c = 0; c < 3; c++) {
            int s = sourceOffset[c];
            if (s < 0 || s > 2) {
                return false;
            }
            seen |= 1 << s;
            channel[s] = c;
            gain[s] = channelGain[c];
            bias[s] = channelBias[c];
        }
        return seen == 7;
    }

    /**
     * Writes content row {@code cy}, normalised and interleaved in tensor channel order, into {@code out}.
     *
     * @param image the source {@link #accepts} took
     * @param cy the content row
     * @param out the row of values
     * @param from index in {@code out} of the first value
     * @param count output pixels in the row
     */
    void row(ImageInput image, int cy, float[] out, int from, int count) {
        byte[] d = image.bytes();
        float[] v = BYTE_VALUE;
        int rs = (int) image.rowStride();
        int r0 = image.offset() + y0[cy] * rs;
        float fy = wy[cy];
        int down = rs * nextRow[cy];
        int p0 = channel[0];
        int p1 = channel[1];
        int p2 = channel[2];
        float k0 = gain[0];
        float k1 = gain[1];
        float k2 = gain[2];
        float c0 = bias[0];
        float c1 = bias[1];
        float c2 = bias[2];
        int[] xs = x0;
        float[] ws = wx;
        int o = from;
        for (int x = 0; x < count; x++, o += 3) {
            int a = r0 + xs[x];
            int b = a + down;
            float w = ws[x];
            // the general path's tap(): top + (bottom - top) * fy, each a lerp along x
            float q = v[d[a] & 0xFF];
            float t0 = q + (v[d[a + 3] & 0xFF] - q) * w;
            q = v[d[a + 1] & 0xFF];
            float t1 = q + (v[d[a + 4] & 0xFF] - q) * w;
            q = v[d[a + 2] & 0xFF];
            float t2 = q + (v[d[a + 5] & 0xFF] - q) * w;
            q = v[d[b] & 0xFF];
            float u0 = q + (v[d[b + 3] & 0xFF] - q) * w;
            q = v[d[b + 1] & 0xFF];
            float u1 = q + (v[d[b + 4] & 0xFF] - q) * w;
            q = v[d[b + 2] & 0xFF];
            float u2 = q + (v[d[b + 5] & 0xFF] - q) * w;
            out[o + p0] = (t0 + (u0 - t0) * fy) * k0 + c0;
            out[o + p1] = (t1 + (u1 - t1) * fy) * k1 + c1;
            out[o + p2] = (t2 + (u2 - t2) * fy) * k2 + c2;
        }
    }
}
