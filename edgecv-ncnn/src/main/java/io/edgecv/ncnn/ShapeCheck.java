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
    static final int[][] AXES = {{}, {0}, {1, 0}, {3, 1, 0}, {3, 2, 1, 0}};

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
            return LayoutShapes.slice(l, in[0]);
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
                return SpatialShapes.convolution(l, in[0], false);
            case "Deconvolution":
            case "DeconvolutionDepthWise":
                return SpatialShapes.convolution(l, in[0], true);
            case "Pooling":
                return SpatialShapes.pooling(l, in[0]);
            case "Interp":
                return SpatialShapes.interp(l, in);
            case "BinaryOp":
                return p.getInt(1, 0) != 0 ? in[0] : LayoutShapes.broadcast(l, in[0], in[1]);
            case "Eltwise":
                for (int j = 1; j < in.length; j++) {
                    if (!same(in[0], in[j])) {
                        throw bad(l, "adds blobs of different shapes " + in[0] + " and " + in[j], in);
                    }
                }
                return in[0];
            case "Concat":
                return LayoutShapes.concat(l, in);
            case "InnerProduct": {
                long n = in[0].elements();
                int numInput = p.getInt(2, 0) / p.getInt(0, 1);
                if (n >= 0 && n != numInput) {
                    throw bad(l, "has weights for " + numInput + " inputs but gets " + n, in);
                }
                return new BlobShape(1, p.getInt(0, 0), 1, 1, 1);
            }
            case "Reshape":
                return LayoutShapes.reshape(l, in[0]);
            case "Permute":
                return LayoutShapes.permute(l, in[0]);
            case "Flatten": {
                long n = in[0].elements();
                return new BlobShape(1, n >= 0 && n <= Integer.MAX_VALUE ? (int) n : -1, 1, 1, 1);
            }
            default:
                return null;
        }
    }

    static void channels(ParamLayer l, BlobShape x, int have, int want, String what)
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
    static int size(int known, long v) {
        if (known < 0) {
            return -1;
        }
        return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(v, Integer.MIN_VALUE + 1L);
    }

    static EdgeCvException bad(ParamLayer l, String what, BlobShape... in) {
        return new EdgeCvException("NCNN model cannot run at this input size: " + l.where() + " " + what
                + " (inputs " + Arrays.toString(in) + "); use an input size the model was exported for");
    }
}
