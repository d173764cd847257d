package io.edgecv.ncnn;

import io.edgecv.EdgeCvException;

/**
 * Output sizes of the NCNN layers that change an image's width and height (Convolution, Deconvolution and their
 * depth-wise forms, Pooling, Interp), by NCNN's own formulas, with the checks that keep them from reading past
 * their input: the channels their weights were made for, a window no larger than the padded input, no empty
 * output. A size of -1 is unknown and stays unknown; null means the layer's output is not modelled here.
 *
 * <p>Thread-safety: stateless.
 */
final class SpatialShapes {
    private SpatialShapes() {
    }

    static BlobShape convolution(ParamLayer l, BlobShape x, boolean deconv) throws EdgeCvException {
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
            ShapeCheck.channels(l, x, x.w, channels, "weights");
            return new BlobShape(1, numOutput, 1, 1, 1);
        }
        if (x.dims != 2 && x.dims != 3) {
            throw ShapeCheck.bad(l, "takes an image (2-d or 3-d blob), not " + x, x);
        }
        ShapeCheck.channels(l, x, x.dims == 2 ? 1 : x.c, channels, "weights");
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
            ow = ShapeCheck.size(x.w, (long) (x.w - 1) * sw + ew + opr - pl - pr);
            oh = ShapeCheck.size(x.h, (long) (x.h - 1) * sh + eh + opb - pt - pb);
            int fw = p.getInt(20, 0);
            int fh = p.getInt(21, fw);
            if (fw > 0 && fh > 0) {
                ow = fw;
                oh = fh;
            }
        } else if (pl == -233 || pl == -234) {
            ow = ShapeCheck.size(x.w, (x.w - 1L) / sw + 1);
            oh = ShapeCheck.size(x.h, (x.h - 1L) / sh + 1);
        } else if (pl < 0 || pt < 0 || pr < 0 || pb < 0) {
            return new BlobShape(3, -1, -1, 1, numOutput);
        } else {
            ow = ShapeCheck.size(x.w, Math.floorDiv((long) x.w + pl + pr - ew, sw) + 1);
            oh = ShapeCheck.size(x.h, Math.floorDiv((long) x.h + pt + pb - eh, sh) + 1);
        }
        if (ow == 0 || oh == 0 || ow < -1 || oh < -1) {
            throw ShapeCheck.bad(l, "would make an empty output from " + x + " (kernel " + kw + "x" + kh + ")", x);
        }
        return new BlobShape(3, ow, oh, 1, numOutput);
    }

    static BlobShape pooling(ParamLayer l, BlobShape x) throws EdgeCvException {
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
            ow = ShapeCheck.size(x.w, (x.w + sw - 1L) / sw);
            oh = ShapeCheck.size(x.h, (x.h + sh - 1L) / sh);
        } else {
            long spanW = (long) x.w + pl + pr - kw;
            long spanH = (long) x.h + pt + pb - kh;
            if (x.w >= 0 && spanW < 0 || x.h >= 0 && spanH < 0) {
                throw ShapeCheck.bad(l, "has a " + kw + "x" + kh + " window larger than its padded input " + x, x);
            }
            ow = ShapeCheck.size(x.w, (mode == 0 ? Math.floorDiv(spanW + sw - 1, sw) : spanW / sw) + 1);
            oh = ShapeCheck.size(x.h, (mode == 0 ? Math.floorDiv(spanH + sh - 1, sh) : spanH / sh) + 1);
        }
        return new BlobShape(3, ow, oh, 1, x.c);
    }

    static BlobShape interp(ParamLayer l, BlobShape[] in) {
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
}
