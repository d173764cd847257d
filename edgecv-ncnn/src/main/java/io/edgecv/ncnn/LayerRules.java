package io.edgecv.ncnn;

import io.edgecv.InvalidModelException;

/**
 * Per-layer checks of a {@code .param} file: the values NCNN's layers divide by, index arrays with or size
 * allocations from, and the bottoms they read by position. Each rule mirrors what the layer's {@code load_param},
 * {@code load_model}, {@code create_pipeline} or {@code forward} does with the value (NCNN checks few of them).
 * Layer types without a rule here get the generic checks only: at least one bottom (except {@code Input} and
 * {@code MemoryData}), at least one top, sane shape hints and expression blob references.
 *
 * <p>Thread-safety: stateless.
 */
final class LayerRules {
    /** Largest spatial size, channel count or size accepted in a parameter. */
    private static final int MAX_DIM = 1 << 20;
    /** Largest pad: NCNN allocates the padded copy of the input, so a huge pad exhausts memory. */
    private static final int MAX_PAD = 4096;

    /** Layer types that write more than one top. */
    private static final java.util.Set<String> MULTI_TOP = java.util.Set.of("Split", "Slice", "LSTM", "GRU", "RNN",
            "MultiHeadAttention", "SDPA", "Proposal", "Einsum", "Scale", "YoloDetectionOutput");

    private LayerRules() {
    }

    static void check(ParamLayer l, String source) throws InvalidModelException {
        LayerParams p = l.params;
        boolean source0 = l.type.equals("Input") || l.type.equals("MemoryData");
        if (source0) {
            need(l.bottoms.length == 0 && l.tops.length == 1, l, source, "takes no bottom and writes one top");
            for (int id : new int[] {0, 1, 2, 11}) {
                range(l, source, id, 0, 0, MAX_DIM);
            }
        } else {
            need(l.bottoms.length >= 1 && l.tops.length >= 1, l, source, "needs at least one bottom and one top"
                    + " (NCNN reads bottoms[0] and tops[0])");
        }
        if (l.type.equals("Noop")) {
            need(l.tops.length == l.bottoms.length, l, source, "works in place and so needs one top per bottom");
        } else if (l.tops.length > 1 && !MULTI_TOP.contains(l.type)) {
            need(false, l, source, "writes one top (NCNN leaves the others empty)");
        }
        shapeHints(l, source);
        expressions(l, source);
        switch (l.type) {
            case "Convolution":
            case "ConvolutionDepthWise":
            case "Deconvolution":
            case "DeconvolutionDepthWise":
            case "Convolution1D":
            case "ConvolutionDepthWise1D":
            case "Deconvolution1D":
            case "DeconvolutionDepthWise1D":
            case "Convolution3D":
            case "ConvolutionDepthWise3D":
            case "Deconvolution3D":
            case "DeconvolutionDepthWise3D":
            case "DeformableConv2D":
                convolution(l, source);
                break;
            case "InnerProduct":
                positive(l, source, 0, 0);
                positive(l, source, 2, 0);
                divisible(l, source, p.getInt(2, 0), p.getInt(0, 0), "weight_data_size (2)", "num_output (0)");
                activation(l, source);
                break;
            case "Pooling":
                range(l, source, 0, 0, 0, 1);
                if (p.getInt(4, 0) == 0 && p.getInt(7, 0) == 0) {
                    positive(l, source, 1, 0);
                    positive(l, source, 11, p.getInt(1, 0));
                    positive(l, source, 2, 1);
                    positive(l, source, 12, p.getInt(2, 1));
                } else if (p.getInt(4, 0) == 0) {
                    positive(l, source, 8, 0);
                    positive(l, source, 18, p.getInt(8, 0));
                }
                nonNegative(l, source, 3, 13, 14, 15);
                break;
            case "Interp":
                range(l, source, 0, 0, 0, 3);
                range(l, source, 3, 0, 0, MAX_DIM);
                range(l, source, 4, 0, 0, MAX_DIM);
                scale(l, source, 1);
                scale(l, source, 2);
                if (p.getInt(5, 0) == 1) {
                    need(l.bottoms.length >= 2, l, source, "has dynamic_target_size (5=1) and so needs a second"
                            + " bottom");
                }
                break;
            case "BinaryOp":
                range(l, source, 0, 0, 0, 18);
                if (p.getInt(1, 0) == 0) {
                    need(l.bottoms.length >= 2, l, source, "without with_scalar (1=1) needs two bottoms");
                }
                break;
            case "UnaryOp":
                range(l, source, 0, 0, 0, 27);
                break;
            case "Eltwise":
                range(l, source, 0, 0, 0, 2);
                need(l.bottoms.length >= 2, l, source, "needs at least two bottoms (it reads bottoms[1])");
                if (p.has(1)) {
                    need(p.array(1).length >= l.bottoms.length, l, source, "has fewer coeffs (1) than bottoms");
                }
                break;
            case "MatMul":
                need(l.bottoms.length == 2, l, source, "needs two bottoms");
                break;
            case "Slice":
                slice(l, source);
                break;
            case "Split":
                need(l.bottoms.length == 1, l, source, "reads one bottom");
                break;
            case "Concat":
            case "Softmax":
            case "LogSoftmax":
                range(l, source, 0, 0, -4, 3);
                break;
            case "Crop":
                crop(l, source);
                break;
            case "Reshape":
                if (p.string(6).isEmpty()) {
                    need(p.has(0), l, source, "needs a target shape (0=w ...) or a shape expression (6)");
                    range(l, source, 0, -233, -1, MAX_DIM);
                    for (int id : new int[] {1, 11, 2}) {
                        int v = range(l, source, id, -233, -233, MAX_DIM);
                        if (v < -1 && v != -233) {
                            throw ParamParser.bad(source, 0, l.where() + ": size (" + id + ") " + v
                                    + " is neither a size, 0 (keep), -1 (infer) nor absent");
                        }
                    }
                }
                break;
            case "Permute":
                range(l, source, 0, 0, 0, 23);
                break;
            case "Padding":
                range(l, source, 4, 0, 0, 2);
                nonNegative(l, source, 0, 1, 2, 3, 7, 8);
                range(l, source, 6, 0, 0, MAX_DIM);
                break;
            case "PixelShuffle":
            case "Reorg":
                positive(l, source, 0, 1);
                break;
            case "ShuffleChannel":
                positive(l, source, 0, 1);
                break;
            case "BatchNorm":
                positive(l, source, 0, 0);
                break;
            case "Scale":
                if (p.getInt(0, 0) == -233) {
                    need(l.bottoms.length >= 2, l, source, "with scale_data_size -233 needs a scale bottom");
                } else {
                    positive(l, source, 0, 0);
                }
                break;
            case "PReLU":
            case "Bias":
            case "Normalize":
                positive(l, source, l.type.equals("Normalize") ? 3 : 0, 0);
                break;
            case "LayerNorm":
            case "RMSNorm":
            case "InstanceNorm":
                if (p.getInt(2, 1) != 0) {
                    positive(l, source, 0, 0);
                }
                break;
            case "GroupNorm":
                positive(l, source, 0, 1);
                positive(l, source, 1, 0);
                divisible(l, source, p.getInt(1, 0), p.getInt(0, 1), "channels (1)", "group (0)");
                break;
            case "Embed":
                positive(l, source, 0, 0);
                positive(l, source, 1, 0);
                positive(l, source, 3, 0);
                break;
            case "LSTM":
            case "GRU":
            case "RNN":
                recurrent(l, source);
                break;
            case "MultiHeadAttention":
                positive(l, source, 0, 0);
                positive(l, source, 1, 1);
                positive(l, source, 2, 0);
                divisible(l, source, p.getInt(0, 0), p.getInt(1, 1), "embed_dim (0)", "num_heads (1)");
                divisible(l, source, p.getInt(2, 0), p.getInt(0, 0), "weight_data_size (2)", "embed_dim (0)");
                positive(l, source, 3, p.getInt(0, 0));
                positive(l, source, 4, p.getInt(0, 0));
                break;
            case "Gemm":
                int constants = (p.getInt(4, 0) == 1 ? 1 : 0) + (p.getInt(5, 0) == 1 ? 1 : 0);
                need(l.bottoms.length >= 2 - constants, l, source, "needs a bottom for each of A and B that is not"
                        + " constant (4=constantA, 5=constantB)");
                for (int id = 7; id <= 9; id++) {
                    range(l, source, id, 0, 0, 1 << 24);
                }
                break;
            default:
                break;
        }
    }

    private static void convolution(ParamLayer l, String source) throws InvalidModelException {
        LayerParams p = l.params;
        boolean three = l.type.endsWith("3D");
        boolean one = l.type.endsWith("1D");
        boolean deconv = l.type.startsWith("Deconvolution");
        int numOutput = positive(l, source, 0, 0);
        int kw = positive(l, source, 1, 0);
        long maxk = kw;
        positive(l, source, 2, 1);
        positive(l, source, 3, 1);
        if (!one) {
            maxk *= positive(l, source, 11, kw);
            positive(l, source, 12, p.getInt(2, 1));
            positive(l, source, 13, p.getInt(3, 1));
        }
        if (three) {
            maxk *= positive(l, source, 21, kw);
            positive(l, source, 22, p.getInt(2, 1));
            positive(l, source, 23, p.getInt(3, 1));
        }
        convolutionPads(l, source);
        if (l.type.equals("ConvolutionDepthWise")) {
            int term = p.getInt(8, 0);
            if (term != 0 && term != 1 && term != 2 && term != 101 && term != 102) {
                throw ParamParser.bad(source, 0, l.where() + ": int8_scale_term (8) " + term + " is not 0, 1, 2,"
                        + " 101 or 102; NCNN would quantize with scales it never loaded");
            }
        }
        int dynamicWeight = deconv ? p.getInt(28, 0) : p.getInt(19, 0);
        if (dynamicWeight != 0 && !three && !l.type.equals("DeformableConv2D")) {
            need(l.bottoms.length >= (p.getInt(5, 0) != 0 ? 3 : 2), l, source, "has dynamic weights and so needs"
                    + " the weight (and bias) as bottoms");
        } else {
            int size = positive(l, source, 6, 0);
            boolean depthwise = l.type.contains("DepthWise");
            int group = depthwise ? positive(l, source, 7, 1) : 1;
            divisible(l, source, numOutput, group, "num_output (0)", "group (7)");
            long perGroup = maxk * (numOutput / group);
            divisible(l, source, size, group, "weight_data_size (6)", "group (7)");
            if (perGroup > Integer.MAX_VALUE || size / group % perGroup != 0) {
                throw ParamParser.bad(source, 0, l.where() + ": weight_data_size " + size + " is not a"
                        + " multiple of num_output x kernel size (" + maxk * numOutput + "); the weights do not fit"
                        + " the layer");
            }
        }
        activation(l, source);
    }

    private static void activation(ParamLayer l, String source) throws InvalidModelException {
        int type = range(l, source, 9, 0, 0, 6);
        int[] need = {0, 0, 1, 2, 0, 0, 2};
        if (l.params.array(10).length < need[type]) {
            throw ParamParser.bad(source, 0, l.where() + ": activation_type " + type + " needs "
                    + need[type] + " activation_params (10)");
        }
    }

    private static void slice(ParamLayer l, String source) throws InvalidModelException {
        LayerParams p = l.params;
        need(l.bottoms.length == 1, l, source, "reads one bottom");
        range(l, source, 1, 0, -4, 3);
        if (p.has(2)) {
            need(p.array(2).length >= l.tops.length - 1, l, source, "has fewer indices (2) than tops - 1");
        } else {
            need(p.array(0).length >= l.tops.length, l, source, "needs a slices array (0) with one entry per top,"
                    + " or indices (2)");
        }
    }

    private static void crop(ParamLayer l, String source) throws InvalidModelException {
        LayerParams p = l.params;
        boolean numpy = p.array(9).length > 0 && p.array(10).length > 0
                || !p.string(19).isEmpty() && !p.string(20).isEmpty();
        boolean fixed = false;
        for (int id : new int[] {3, 4, 14, 5, 6, 7, 15, 8}) {
            fixed |= p.getInt(id, 0) != 0;
        }
        if (!numpy && !fixed) {
            need(l.bottoms.length >= 2, l, source, "without an output size or slice needs a reference bottom");
        }
        if (p.array(9).length > 0 || p.array(10).length > 0) {
            need(p.array(9).length == p.array(10).length, l, source, "has starts (9) and ends (10) of different"
                    + " lengths");
            need(!p.has(11) || p.array(11).length == p.array(9).length, l, source, "has axes (11) of another"
                    + " length than starts (9)");
        }
    }

    private static void recurrent(ParamLayer l, String source) throws InvalidModelException {
        LayerParams p = l.params;
        int numOutput = positive(l, source, 0, 0);
        int size = positive(l, source, 1, 0);
        range(l, source, 2, 0, 0, 2);
        int dirs = p.getInt(2, 0) == 2 ? 2 : 1;
        int gates = l.type.equals("LSTM") ? 4 : l.type.equals("GRU") ? 3 : 1;
        int hidden = l.type.equals("LSTM") ? positive(l, source, 3, numOutput) : numOutput;
        long per = (long) dirs * hidden * gates;
        if (size % per != 0) {
            throw ParamParser.bad(source, 0, l.where() + ": weight_data_size " + size + " is not a multiple"
                    + " of directions x hidden size x gates (" + per + ")");
        }
    }

    private static void shapeHints(ParamLayer l, String source) throws InvalidModelException {
        LayerParams p = l.params;
        if (!p.has(30)) {
            return;
        }
        int[] h = p.array(30);
        if (p.kind(30) != LayerParams.Kind.INT_ARRAY || l.tops.length == 0 || h.length % l.tops.length != 0) {
            throw ParamParser.bad(source, 0, l.where() + ": shape hints (30) must be an int array with the"
                    + " same number of entries for each of its " + l.tops.length + " tops");
        }
        int step = h.length / l.tops.length;
        for (int t = 0; t < l.tops.length; t++) {
            int dims = h[t * step];
            if (dims < 0 || dims > 4 || step < dims + 1) {
                throw ParamParser.bad(source, 0, l.where() + ": shape hint of top " + t + " has " + dims
                        + " dims in " + step + " entries");
            }
            for (int i = 1; i <= dims; i++) {
                int v = h[t * step + i];
                if (v < 0 || v > MAX_DIM) {
                    throw ParamParser.bad(source, 0, l.where() + ": shape hint " + v + " is outside 0.."
                            + MAX_DIM);
                }
            }
        }
    }

    /** NCNN expressions name bottoms as {@code 0w}, {@code 1h}...; each must exist. */
    private static void expressions(ParamLayer l, String source) throws InvalidModelException {
        for (int id = 0; id < LayerParams.SLOTS; id++) {
            if (l.params.kind(id) != LayerParams.Kind.STRING) {
                continue;
            }
            String e = l.params.string(id);
            int count = 0;
            StringBuilder t = new StringBuilder();
            for (int i = 0; i <= e.length(); i++) {
                char ch = i < e.length() ? e.charAt(i) : ',';
                if (ch == '(' || ch == ')' || ch == ',') {
                    if (t.length() == 2 && Character.isDigit(t.charAt(0)) && "whdcn".indexOf(t.charAt(1)) >= 0) {
                        count = Math.max(count, t.charAt(0) - '0' + 1);
                    }
                    t.setLength(0);
                } else {
                    t.append(ch);
                }
            }
            if (count > l.bottoms.length) {
                throw ParamParser.bad(source, 0, l.where() + ": expression '" + e + "' refers to bottom "
                        + (count - 1) + " but the layer has " + l.bottoms.length);
            }
        }
    }

    /**
     * NCNN pads by the four values when any is positive, else uses SAME padding when all four are -233 (upper) or
     * all -234 (lower); a negative value mixed with others makes it pad by a negative border.
     */
    private static void convolutionPads(ParamLayer l, String source) throws InvalidModelException {
        LayerParams p = l.params;
        int left = range(l, source, 4, 0, -234, MAX_PAD);
        int right = range(l, source, 15, left, -234, MAX_PAD);
        int top = range(l, source, 14, left, -234, MAX_PAD);
        int bottom = range(l, source, 16, top, -234, MAX_PAD);
        boolean same = left == right && left == top && left == bottom && (left == -233 || left == -234);
        if (!same && (left < 0 || right < 0 || top < 0 || bottom < 0)) {
            throw ParamParser.bad(source, 0, l.where() + ": pads (4, 15, 14, 16) = " + left + ", " + right
                    + ", " + top + ", " + bottom + " must all be 0 or more, or all -233 or all -234 (SAME)");
        }
        if (l.type.endsWith("3D")) {
            range(l, source, 24, left, same ? left : 0, MAX_PAD);
            range(l, source, 17, p.getInt(24, left), same ? left : 0, MAX_PAD);
        }
    }

    private static void nonNegative(ParamLayer l, String source, int... ids) throws InvalidModelException {
        for (int id : ids) {
            range(l, source, id, 0, 0, MAX_PAD);
        }
    }

    private static void scale(ParamLayer l, String source, int id) throws InvalidModelException {
        float f = l.params.getFloat(id, 1f);
        if (!(f >= 0f && f <= MAX_DIM)) {
            throw ParamParser.bad(source, 0, l.where() + ": scale (" + id + ") " + f + " is outside 0.."
                    + MAX_DIM);
        }
    }

    private static int positive(ParamLayer l, String source, int id, int def) throws InvalidModelException {
        return range(l, source, id, def, 1, Integer.MAX_VALUE);
    }

    private static int range(ParamLayer l, String source, int id, int def, int min, int max)
            throws InvalidModelException {
        LayerParams.Kind k = l.params.kind(id);
        if (k == LayerParams.Kind.FLOAT || k == LayerParams.Kind.STRING || k == LayerParams.Kind.FLOAT_ARRAY
                || k == LayerParams.Kind.INT_ARRAY) {
            throw ParamParser.bad(source, 0, l.where() + ": parameter " + id + " must be an integer");
        }
        int v = l.params.getInt(id, def);
        if (v < min || v > max) {
            throw ParamParser.bad(source, 0, l.where() + ": parameter " + id + " = " + v + " is outside "
                    + min + ".." + max);
        }
        return v;
    }

    private static void divisible(ParamLayer l, String source, int a, int b, String an, String bn)
            throws InvalidModelException {
        if (b <= 0 || a % b != 0) {
            throw ParamParser.bad(source, 0, l.where() + ": " + an + " = " + a + " is not a multiple of " + bn
                    + " = " + b);
        }
    }

    private static void need(boolean ok, ParamLayer l, String source, String what) throws InvalidModelException {
        if (!ok) {
            throw ParamParser.bad(source, 0, l.where() + " " + what + " (it has " + l.bottoms.length
                    + " bottoms, " + l.tops.length + " tops)");
        }
    }
}
