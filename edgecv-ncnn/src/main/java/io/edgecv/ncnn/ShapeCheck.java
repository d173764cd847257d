package io.edgecv.ncnn;

import io.edgecv.EdgeCvException;
import java.util.Arrays;

/**
 * Follows the input shapes through the graph before a run at new input sizes, for the layer types whose shape rules
 * are known here, and refuses sizes a layer cannot take: NCNN's layers trust their inputs (an {@code Eltwise} of
 * two different shapes, a convolution fed more channels than its weights hold, a {@code Concat} of mismatched
 * planes read past their buffers). A layer of another type, or one whose output this check cannot tell, makes its
 * outputs unknown, and checks on unknown sizes are skipped: the check never refuses what it cannot prove wrong.
 *
 * <p>Thread-safety: stateless.
 */
final class ShapeCheck {
    /** Per rank, the index in {w, h, d, c} of each NCNN axis, outermost first. */
    private static final int[][] AXES = {{}, {0}, {1, 0}, {3, 1, 0}, {3, 2, 1, 0}};

    /** Largest blob allowed: 1 GiB of floats. Larger means a corrupt size, and would exhaust memory. */
    static final long MAX_ELEMENTS = 1L << 28;

    private ShapeCheck() {
    }

    /**
     * @param g the graph
     * @param inputs the fed blobs
     * @param shapes their tensor shapes ({@code [1, c, h, w]} etc.)
     * @param outputs the extracted blobs: only the layers they need run, and are checked
     * @return whether every layer that runs was checked with known input sizes (false: some layer's output
     *         sizes are not modelled here, and layers after it were checked only where sizes were known)
     * @throws EdgeCvException naming the layer and the sizes it cannot take
     */
    static boolean check(NcnnGraph g, int[] inputs, long[][] shapes, int[] outputs) throws EdgeCvException {
        BlobShape[] blob = new BlobShape[g.blobs.size()];
        for (int i = 0; i < inputs.length; i++) {
            blob[inputs[i]] = BlobShape.ofTensor(shapes[i]);
        }
        boolean[] needed = needed(g, inputs, outputs);
        boolean complete = true;
        for (ParamLayer l : g.layers) {
            if (l.type.equals("Input") || !needed[l.index]) {
                continue;
            }
            BlobShape[] in = new BlobShape[l.bottoms.length];
            boolean known = true;
            for (int j = 0; j < in.length; j++) {
                in[j] = blob[l.bottoms[j]];
                known &= in[j] != null;
            }
            BlobShape[] out = known || l.type.equals("MemoryData") ? tops(l, in) : null;
            if (out != null) {
                for (BlobShape b : out) {
                    if (b.elements() > MAX_ELEMENTS) {
                        throw bad(l, "would make a blob of " + b.elements() + " values " + b + ", over the "
                                + MAX_ELEMENTS + " EdgeCV allows", in);
                    }
                }
            }
            complete &= out != null && allKnown(out);
            for (int j = 0; j < l.tops.length; j++) {
                if (!isFed(l.tops[j], inputs)) {
                    blob[l.tops[j]] = out == null ? null : out[j];
                }
            }
        }
        return complete;
    }

    private static boolean allKnown(BlobShape[] shapes) {
        for (BlobShape b : shapes) {
            if (b.elements() < 0) {
                return false;
            }
        }
        return true;
    }

    /** @return the shape of each top, or null if not known here */
    private static BlobShape[] tops(ParamLayer l, BlobShape[] in) throws EdgeCvException {
        if (l.type.equals("Slice")) {
            return slice(l, in[0]);
        }
        BlobShape one = infer(l, in);
        if (one == null) {
            return null;
        }
        BlobShape[] out = new BlobShape[l.tops.length];
        Arrays.fill(out, one);
        return out;
    }

    /** @return per layer, whether computing {@code outputs} from {@code inputs} runs it */
    private static boolean[] needed(NcnnGraph g, int[] inputs, int[] outputs) {
        boolean[] layer = new boolean[g.layers.size()];
        boolean[] blob = new boolean[g.blobs.size()];
        for (int o : outputs) {
            blob[o] = true;
        }
        for (int i = g.layers.size() - 1; i >= 0; i--) {
            ParamLayer l = g.layers.get(i);
            for (int t : l.tops) {
                if (blob[t] && !isFed(t, inputs)) {
                    layer[i] = true;
                }
            }
            if (layer[i]) {
                for (int b : l.bottoms) {
                    blob[b] = true;
                }
            }
        }
        return layer;
    }

    private static boolean isFed(int blob, int[] inputs) {
        for (int i : inputs) {
            if (i == blob) {
                return true;
            }
        }
        return false;
    }

    /** @return the first top's shape, or null if not known here */
    private static BlobShape infer(ParamLayer l, BlobShape[] in) throws EdgeCvException {
        LayerParams p = l.params;
        switch (l.type) {
            case "MemoryData": {
                int w = p.getInt(0, 0);
                int h = p.getInt(1, 0);
                int d = p.getInt(11, 0);
                int c = p.getInt(2, 0);
                int dims = d != 0 ? 4 : c != 0 ? 3 : h != 0 ? 2 : 1;
                return new BlobShape(dims, Math.max(w, 1), Math.max(h, 1), Math.max(d, 1), Math.max(c, 1));
            }
            case "ReLU": case "Sigmoid": case "HardSwish": case "HardSigmoid": case "Swish": case "Mish":
            case "TanH": case "Clip": case "ELU": case "GELU": case "SELU": case "UnaryOp": case "Dropout":
            case "Noop": case "Exp": case "Log": case "Power": case "AbsVal": case "BNLL": case "Softmax":
            case "LogSoftmax": case "Threshold": case "Erf": case "Split":
                return in[0];
            case "BatchNorm":
                if (in[0].dims != 4) {
                    channels(l, in[0], in[0].dims == 1 ? in[0].w : in[0].dims == 2 ? in[0].h : in[0].c,
                            p.getInt(0, 0), "channels (0)");
                }
                return in[0];
            case "Convolution":
            case "ConvolutionDepthWise":
                return convolution(l, in[0], false);
            case "Deconvolution":
            case "DeconvolutionDepthWise":
                return convolution(l, in[0], true);
            case "Pooling":
                return pooling(l, in[0]);
            case "Interp":
                return interp(l, in);
            case "BinaryOp":
                return p.getInt(1, 0) != 0 ? in[0] : broadcast(l, in[0], in[1]);
            case "Eltwise":
                for (int j = 1; j < in.length; j++) {
                    if (!same(in[0], in[j])) {
                        throw bad(l, "adds blobs of different shapes " + in[0] + " and " + in[j], in);
                    }
                }
                return in[0];
            case "Concat":
                return concat(l, in);
            case "InnerProduct": {
                long n = in[0].elements();
                int numInput = p.getInt(2, 0) / p.getInt(0, 1);
                if (n >= 0 && n != numInput) {
                    throw bad(l, "has weights for " + numInput + " inputs but gets " + n, in);
                }
                return new BlobShape(1, p.getInt(0, 0), 1, 1, 1);
            }
            case "Reshape":
                return reshape(l, in[0]);
            case "Permute":
                return permute(l, in[0]);
            case "Flatten": {
                long n = in[0].elements();
                return new BlobShape(1, n >= 0 && n <= Integer.MAX_VALUE ? (int) n : -1, 1, 1, 1);
            }
            default:
                return null;
        }
    }

    /** NCNN's Reshape: 0 keeps the input's size, -1 takes what is left; the element count must not change. */
    private static BlobShape reshape(ParamLayer l, BlobShape x) throws EdgeCvException {
        LayerParams p = l.params;
        if (!p.string(6).isEmpty() || p.getInt(12, 233) != 233 || p.getInt(13, 233) != 233 || x.elements() < 0) {
            return null;
        }
        int[] want = {p.getInt(0, -233), p.getInt(1, -233), p.getInt(11, -233), p.getInt(2, -233)};
        int ndim = want[0] == -233 ? 0 : want[1] == -233 ? 1 : want[3] == -233 ? 2 : want[2] == -233 ? 3 : 4;
        if (ndim == 0) {
            throw bad(l, "has no target shape", x);
        }
        int[] used = ndim == 1 ? new int[] {0} : ndim == 2 ? new int[] {0, 1} : ndim == 3 ? new int[] {0, 1, 3}
                : new int[] {0, 1, 2, 3};
        int[] have = x.sizes();
        long total = x.elements();
        long known = 1;
        int free = -1;
        int[] out = {1, 1, 1, 1};
        for (int k : used) {
            int v = want[k] == 0 ? have[k] : want[k];
            if (v == -1) {
                if (free >= 0) {
                    throw bad(l, "has two sizes of -1", x);
                }
                free = k;
            } else if (v < 1) {
                throw bad(l, "has the size " + v, x);
            } else {
                out[k] = v;
                known *= v;
            }
        }
        if (free >= 0) {
            if (total % known != 0) {
                throw bad(l, "cannot spread " + total + " elements over the known sizes", x);
            }
            out[free] = (int) (total / known);
        } else if (known != total) {
            throw bad(l, "reshapes " + total + " elements to " + known, x);
        }
        return new BlobShape(ndim, out[0], out[1], out[2], out[3]);
    }

    private static BlobShape permute(ParamLayer l, BlobShape x) throws EdgeCvException {
        int order = l.params.getInt(0, 0);
        if (x.dims == 1) {
            return x;
        }
        if (x.dims == 2) {
            if (order > 1) {
                throw bad(l, "has order_type " + order + " for a 2-d blob (0 or 1)", x);
            }
            return order == 0 ? x : new BlobShape(2, x.h, x.w, 1, 1);
        }
        if (x.dims == 3) {
            if (order > 5) {
                throw bad(l, "has order_type " + order + " for a 3-d blob (0 to 5)", x);
            }
            int[][] whc = {{x.w, x.h, x.c}, {x.h, x.w, x.c}, {x.w, x.c, x.h}, {x.c, x.w, x.h}, {x.h, x.c, x.w},
                {x.c, x.h, x.w}};
            return new BlobShape(3, whc[order][0], whc[order][1], 1, whc[order][2]);
        }
        return null;
    }

    /** NCNN's Slice: sizes from {@code slices} (-233 splits what is left evenly) or cut points in {@code indices}. */
    private static BlobShape[] slice(ParamLayer l, BlobShape x) throws EdgeCvException {
        LayerParams p = l.params;
        int axis = p.getInt(1, 0);
        int positive = axis < 0 ? x.dims + axis : axis;
        if (positive < 0 || positive >= x.dims) {
            throw bad(l, "slices axis " + axis + " of a " + x.dims + "-d blob", x);
        }
        int along = AXES[x.dims][positive];
        int[] sizes = x.sizes();
        int n = sizes[along];
        if (n < 0) {
            return null;
        }
        int[] slices = p.array(0);
        int[] indices = p.array(2);
        int tops = l.tops.length;
        BlobShape[] out = new BlobShape[tops];
        long q = 0;
        for (int i = 0; i < tops; i++) {
            long size;
            if (indices.length > 0) {
                if (i == tops - 1) {
                    size = n - q;
                } else {
                    long at = indices[i] < 0 ? (long) n + indices[i] : indices[i];
                    size = at - q;
                }
            } else {
                size = slices[i] == -233 ? (n - q) / (tops - i) : slices[i];
            }
            if (size < 1 || q + size > n) {
                throw bad(l, "cuts a slice of " + size + " at " + q + " from an axis of " + n, x);
            }
            int[] s = sizes.clone();
            s[along] = (int) size;
            out[i] = new BlobShape(x.dims, s[0], s[1], s[2], s[3]);
            q += size;
        }
        return out;
    }

    private static BlobShape convolution(ParamLayer l, BlobShape x, boolean deconv) throws EdgeCvException {
        LayerParams p = l.params;
        if (p.getInt(deconv ? 28 : 19, 0) != 0) {
            return null;
        }
        int numOutput = p.getInt(0, 0);
        int kw = p.getInt(1, 0);
        int kh = p.getInt(11, kw);
        int size = p.getInt(6, 0);
        int group = l.type.contains("DepthWise") ? p.getInt(7, 1) : 1;
        int channels = size / group / (kw * kh) / (numOutput / group) * group;
        if (x.dims == 1 && kw == 1 && kh == 1 && l.type.equals("Convolution")) {
            // NCNN's compatibility path: a 1x1 Convolution of a vector is an InnerProduct
            channels(l, x, x.w, channels, "weights");
            return new BlobShape(1, numOutput, 1, 1, 1);
        }
        if (x.dims != 2 && x.dims != 3) {
            throw bad(l, "takes an image (2-d or 3-d blob), not " + x, x);
        }
        channels(l, x, x.dims == 2 ? 1 : x.c, channels, "weights");
        int dw = p.getInt(2, 1);
        int dh = p.getInt(12, dw);
        int sw = p.getInt(3, 1);
        int sh = p.getInt(13, sw);
        int pl = p.getInt(4, 0);
        int pr = p.getInt(15, pl);
        int pt = p.getInt(14, pl);
        int pb = p.getInt(16, pt);
        int ew = dw * (kw - 1) + 1;
        int eh = dh * (kh - 1) + 1;
        int ow;
        int oh;
        if (deconv) {
            if (pl < 0 || pt < 0) {
                return new BlobShape(3, -1, -1, 1, numOutput);
            }
            int opr = p.getInt(18, 0);
            int opb = p.getInt(19, opr);
            ow = size(x.w, (long) (x.w - 1) * sw + ew + opr - pl - pr);
            oh = size(x.h, (long) (x.h - 1) * sh + eh + opb - pt - pb);
            int fw = p.getInt(20, 0);
            int fh = p.getInt(21, fw);
            if (fw > 0 && fh > 0) {
                ow = fw;
                oh = fh;
            }
        } else if (pl == -233 || pl == -234) {
            ow = size(x.w, (x.w - 1L) / sw + 1);
            oh = size(x.h, (x.h - 1L) / sh + 1);
        } else if (pl < 0 || pt < 0 || pr < 0 || pb < 0) {
            return new BlobShape(3, -1, -1, 1, numOutput);
        } else {
            ow = size(x.w, Math.floorDiv((long) x.w + pl + pr - ew, sw) + 1);
            oh = size(x.h, Math.floorDiv((long) x.h + pt + pb - eh, sh) + 1);
        }
        if (ow == 0 || oh == 0 || ow < -1 || oh < -1) {
            throw bad(l, "would make an empty output from " + x + " (kernel " + kw + "x" + kh + ")", x);
        }
        return new BlobShape(3, ow, oh, 1, numOutput);
    }

    private static BlobShape pooling(ParamLayer l, BlobShape x) throws EdgeCvException {
        LayerParams p = l.params;
        if (x.dims != 3) {
            return null;
        }
        if (p.getInt(4, 0) != 0) {
            return new BlobShape(1, x.c, 1, 1, 1);
        }
        if (p.getInt(7, 0) != 0) {
            int ow = p.getInt(8, 0);
            return new BlobShape(3, ow, p.getInt(18, ow), 1, x.c);
        }
        int kw = p.getInt(1, 0);
        int kh = p.getInt(11, kw);
        int sw = p.getInt(2, 1);
        int sh = p.getInt(12, sw);
        int pl = p.getInt(3, 0);
        int pr = p.getInt(14, pl);
        int pt = p.getInt(13, pl);
        int pb = p.getInt(15, pt);
        int mode = p.getInt(5, 0);
        int ow;
        int oh;
        if (mode == 2 || mode == 3) {
            ow = size(x.w, (x.w + sw - 1L) / sw);
            oh = size(x.h, (x.h + sh - 1L) / sh);
        } else {
            long spanW = (long) x.w + pl + pr - kw;
            long spanH = (long) x.h + pt + pb - kh;
            if (x.w >= 0 && spanW < 0 || x.h >= 0 && spanH < 0) {
                throw bad(l, "has a " + kw + "x" + kh + " window larger than its padded input " + x, x);
            }
            ow = size(x.w, (mode == 0 ? Math.floorDiv(spanW + sw - 1, sw) : spanW / sw) + 1);
            oh = size(x.h, (mode == 0 ? Math.floorDiv(spanH + sh - 1, sh) : spanH / sh) + 1);
        }
        return new BlobShape(3, ow, oh, 1, x.c);
    }

    private static BlobShape interp(ParamLayer l, BlobShape[] in) {
        LayerParams p = l.params;
        BlobShape x = in[0];
        if (x.dims != 3 || in.length > 1 || !p.string(9).isEmpty()) {
            return null;
        }
        int ow = p.getInt(4, 0);
        int oh = p.getInt(3, 0);
        if (ow == 0 || oh == 0) {
            ow = x.w < 0 ? -1 : (int) (x.w * p.getFloat(2, 1f));
            oh = x.h < 0 ? -1 : (int) (x.h * p.getFloat(1, 1f));
        }
        return new BlobShape(3, ow, oh, 1, x.c);
    }

    /** NCNN's BinaryOp: the lower-rank side is expanded as NCNN does, then each size must match or be 1. */
    private static BlobShape broadcast(ParamLayer l, BlobShape a, BlobShape b) throws EdgeCvException {
        int dims = Math.max(a.dims, b.dims);
        int[] x = expand(a, b, dims);
        int[] y = expand(b, a, dims);
        int[] out = new int[4];
        for (int k = 0; k < 4; k++) {
            if (x[k] < 0 || y[k] < 0) {
                out[k] = -1;
            } else if (x[k] == y[k] || x[k] == 1 || y[k] == 1) {
                out[k] = Math.max(x[k], y[k]);
            } else {
                throw bad(l, "cannot broadcast " + a + " with " + b, a, b);
            }
        }
        return new BlobShape(dims, out[0], out[1], out[2], out[3]);
    }

    /** @return w, h, d, c of {@code s} reshaped to {@code dims} as NCNN's BinaryOp does */
    private static int[] expand(BlobShape s, BlobShape other, int dims) {
        if (s.dims == dims) {
            return s.sizes();
        }
        if (dims == 2) {
            return s.w == other.h ? new int[] {1, s.w, 1, 1} : new int[] {s.w, 1, 1, 1};
        }
        if (dims == 3) {
            if (s.dims == 1) {
                return s.w == other.c ? new int[] {1, 1, 1, s.w} : new int[] {s.w, 1, 1, 1};
            }
            return new int[] {1, s.w, 1, s.h};
        }
        if (s.dims == 1) {
            return s.w == other.c ? new int[] {1, 1, 1, s.w} : new int[] {s.w, 1, 1, 1};
        }
        if (s.dims == 2) {
            return new int[] {1, 1, s.w, s.h};
        }
        return new int[] {1, s.w, s.h, s.c};
    }

    private static BlobShape concat(ParamLayer l, BlobShape[] in) throws EdgeCvException {
        int dims = in[0].dims;
        int axis = l.params.getInt(0, 0);
        int positive = axis < 0 ? dims + axis : axis;
        if (positive < 0 || positive >= dims) {
            throw bad(l, "concatenates along axis " + axis + " of " + dims + "-d blobs", in);
        }
        int[] sizes = in[0].sizes();
        int along = AXES[dims][positive];
        long total = 0;
        for (BlobShape s : in) {
            if (s.dims != dims) {
                throw bad(l, "concatenates blobs of different ranks", in);
            }
            int[] o = s.sizes();
            for (int k = 0; k < 4; k++) {
                if (k != along && sizes[k] >= 0 && o[k] >= 0 && sizes[k] != o[k]) {
                    throw bad(l, "concatenates along axis " + axis + " blobs whose other sizes differ", in);
                }
            }
            total = total < 0 || o[along] < 0 ? -1 : total + o[along];
        }
        sizes[along] = (int) Math.min(total, Integer.MAX_VALUE);
        return new BlobShape(dims, sizes[0], sizes[1], sizes[2], sizes[3]);
    }

    private static void channels(ParamLayer l, BlobShape x, int have, int want, String what)
            throws EdgeCvException {
        if (have >= 0 && have != want) {
            throw bad(l, "gets " + have + " channels but its " + what + " are for " + want, x);
        }
    }

    private static boolean same(BlobShape a, BlobShape b) {
        if (a.dims != b.dims) {
            return false;
        }
        int[] x = a.sizes();
        int[] y = b.sizes();
        for (int k = 0; k < 4; k++) {
            if (x[k] >= 0 && y[k] >= 0 && x[k] != y[k]) {
                return false;
            }
        }
        return true;
    }

    /** @return {@code v} as a size, -1 when the input size {@code known} was unknown */
    private static int size(int known, long v) {
        if (known < 0) {
            return -1;
        }
        return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(v, Integer.MIN_VALUE + 1L);
    }

    private static EdgeCvException bad(ParamLayer l, String what, BlobShape... in) {
        return new EdgeCvException("NCNN model cannot run at this input size: " + l.where() + " " + what
                + " (inputs " + Arrays.toString(in) + "); use an input size the model was exported for");
    }
}
