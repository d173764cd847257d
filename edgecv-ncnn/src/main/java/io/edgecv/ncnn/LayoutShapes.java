package io.edgecv.ncnn;

import io.edgecv.EdgeCvException;

/**
 * Output sizes of the NCNN layers that rearrange or combine blobs (Reshape, Permute, Slice, Concat, and the
 * broadcast of a BinaryOp), by NCNN's own rules, refusing what would make NCNN read past a blob: a reshape that
 * changes the element count, slices or concatenations that do not fit, shapes that cannot broadcast. A size of -1
 * is unknown and stays unknown; null means the layer's output is not modelled here.
 *
 * <p>Thread-safety: stateless.
 */
final class LayoutShapes {
    private LayoutShapes() {
    }

    /** NCNN's Reshape: 0 keeps the input's size, -1 takes what is left; the element count must not change. */
    static BlobShape reshape(ParamLayer l, BlobShape x) throws EdgeCvException {
        LayerParams p = l.params;
        if (!p.string(6).isEmpty() || p.getInt(12, 233) != 233 || p.getInt(13, 233) != 233 || x.elements() < 0) {
            return null;
        }
        int[] want = {p.getInt(0, -233), p.getInt(1, -233), p.getInt(11, -233), p.getInt(2, -233)};
        int ndim = want[0] == -233 ? 0 : want[1] == -233 ? 1 : want[3] == -233 ? 2 : want[2] == -233 ? 3 : 4;
        if (ndim == 0) {
            throw ShapeCheck.bad(l, "has no target shape", x);
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
                    throw ShapeCheck.bad(l, "has two sizes of -1", x);
                }
                free = k;
            } else if (v < 1) {
                throw ShapeCheck.bad(l, "has the size " + v, x);
            } else {
                out[k] = v;
                known *= v;
            }
        }
        if (free >= 0) {
            if (total % known != 0) {
                throw ShapeCheck.bad(l, "cannot spread " + total + " elements over the known sizes", x);
            }
            out[free] = (int) (total / known);
        } else if (known != total) {
            throw ShapeCheck.bad(l, "reshapes " + total + " elements to " + known, x);
        }
        return new BlobShape(ndim, out[0], out[1], out[2], out[3]);
    }

    static BlobShape permute(ParamLayer l, BlobShape x) throws EdgeCvException {
        int order = l.params.getInt(0, 0);
        if (x.dims == 1) {
            return x;
        }
        if (x.dims == 2) {
            if (order > 1) {
                throw ShapeCheck.bad(l, "has order_type " + order + " for a 2-d blob (0 or 1)", x);
            }
            return order == 0 ? x : new BlobShape(2, x.h, x.w, 1, 1);
        }
        if (x.dims == 3) {
            if (order > 5) {
                throw ShapeCheck.bad(l, "has order_type " + order + " for a 3-d blob (0 to 5)", x);
            }
            int[][] whc = {{x.w, x.h, x.c}, {x.h, x.w, x.c}, {x.w, x.c, x.h}, {x.c, x.w, x.h}, {x.h, x.c, x.w},
                {x.c, x.h, x.w}};
            return new BlobShape(3, whc[order][0], whc[order][1], 1, whc[order][2]);
        }
        return null;
    }

    /** NCNN's Slice: sizes from {@code slices} (-233 splits what is left evenly) or cut points in {@code indices}. */
    static BlobShape[] slice(ParamLayer l, BlobShape x) throws EdgeCvException {
        LayerParams p = l.params;
        int axis = p.getInt(1, 0);
        int positive = axis < 0 ? x.dims + axis : axis;
        if (positive < 0 || positive >= x.dims) {
            throw ShapeCheck.bad(l, "slices axis " + axis + " of a " + x.dims + "-d blob", x);
        }
        int along = ShapeCheck.AXES[x.dims][positive];
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
                throw ShapeCheck.bad(l, "cuts a slice of " + size + " at " + q + " from an axis of " + n, x);
            }
            int[] s = sizes.clone();
            s[along] = (int) size;
            out[i] = new BlobShape(x.dims, s[0], s[1], s[2], s[3]);
            q += size;
        }
        return out;
    }

    /** NCNN's BinaryOp: the lower-rank side is expanded as NCNN does, then each size must match or be 1. */
    static BlobShape broadcast(ParamLayer l, BlobShape a, BlobShape b) throws EdgeCvException {
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
                throw ShapeCheck.bad(l, "cannot broadcast " + a + " with " + b, a, b);
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

    static BlobShape concat(ParamLayer l, BlobShape[] in) throws EdgeCvException {
        int dims = in[0].dims;
        int axis = l.params.getInt(0, 0);
        int positive = axis < 0 ? dims + axis : axis;
        if (positive < 0 || positive >= dims) {
            throw ShapeCheck.bad(l, "concatenates along axis " + axis + " of " + dims + "-d blobs", in);
        }
        int[] sizes = in[0].sizes();
        int along = ShapeCheck.AXES[dims][positive];
        long total = 0;
        for (BlobShape s : in) {
            if (s.dims != dims) {
                throw ShapeCheck.bad(l, "concatenates blobs of different ranks", in);
            }
            int[] o = s.sizes();
            for (int k = 0; k < 4; k++) {
                if (k != along && sizes[k] >= 0 && o[k] >= 0 && sizes[k] != o[k]) {
                    throw ShapeCheck.bad(l, "concatenates along axis " + axis + " blobs whose other sizes differ", in);
                }
            }
            total = total < 0 || o[along] < 0 ? -1 : total + o[along];
        }
        sizes[along] = (int) Math.min(total, Integer.MAX_VALUE);
        return new BlobShape(dims, sizes[0], sizes[1], sizes[2], sizes[3]);
    }
}
