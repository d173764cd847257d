package io.edgecv.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Reshape, Transpose, Flatten, Concat, Split, Slice and Pad: data movement, whose gradients libtorch routes back.
 * Shape-like inputs (Reshape's shape, Slice's starts, Split's sizes, Pad's pads) are read as values; they must be
 * constants or come from constants, as in exported detectors.
 *
 * <p>Thread-safety: stateless.
 */
final class ShapeOps {
    private ShapeOps() {
    }

    static long[] longs(NDArray a) {
        return a.toType(DataType.INT64, false).toLongArray();
    }

    static NDArray[] reshape(NodeContext ctx, NDArray[] in) {
        long[] shape = longs(in[1]).clone();
        boolean allowZero = ctx.i("allowzero", 0) != 0;
        for (int a = 0; a < shape.length; a++) {
            if (shape[a] == 0 && !allowZero) {
                shape[a] = in[0].getShape().get(a);
            }
        }
        return new NDArray[] {in[0].reshape(shape)};
    }

    static NDArray[] transpose(NodeContext ctx, NDArray[] in) {
        long[] perm = ctx.ints("perm");
        if (perm == null) {
            return new NDArray[] {in[0].transpose()};
        }
        int[] p = new int[perm.length];
        for (int a = 0; a < p.length; a++) {
            p[a] = (int) perm[a];
        }
        return new NDArray[] {in[0].transpose(p)};
    }

    static NDArray[] flatten(NodeContext ctx, NDArray[] in) {
        Shape s = in[0].getShape();
        int axis = (int) ctx.i("axis", 1);
        axis = axis < 0 ? axis + s.dimension() : axis;
        long rows = 1;
        for (int a = 0; a < axis; a++) {
            rows *= s.get(a);
        }
        return new NDArray[] {in[0].reshape(rows, s.size() / Math.max(rows, 1))};
    }

    static NDArray[] concat(NodeContext ctx, NDArray[] in) {
        int rank = in[0].getShape().dimension();
        int axis = (int) ctx.i("axis", 0);
        return new NDArray[] {NDArrays.concat(new NDList(in), axis < 0 ? axis + rank : axis)};
    }

    static NDArray[] split(NodeContext ctx, NDArray[] in) {
        NDArray x = in[0];
        int rank = x.getShape().dimension();
        int axis = (int) ctx.i("axis", 0);
        axis = axis < 0 ? axis + rank : axis;
        long dim = x.getShape().get(axis);
        long[] sizes = in.length > 1 && in[1] != null ? longs(in[1]) : ctx.ints("split");
        int parts = ctx.node.getOutputCount();
        if (sizes == null) {
            long each = (dim + parts - 1) / parts;
            sizes = new long[parts];
            for (int k = 0; k < parts; k++) {
                sizes[k] = Math.min(each, dim - each * k);
            }
        }
        long[] cuts = new long[sizes.length - 1];
        long at = 0;
        for (int k = 0; k < cuts.length; k++) {
            at += sizes[k];
            cuts[k] = at;
        }
        NDList pieces = x.split(cuts, axis);
        return pieces.toArray(new NDArray[0]);
    }

    static NDArray[] slice(NodeContext ctx, NDArray[] in) {
        NDArray x = in[0];
        Shape s = x.getShape();
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps = null;
        if (ctx.opset < 10) {
            starts = ctx.ints("starts");
            ends = ctx.ints("ends");
            axes = ctx.ints("axes");
        } else {
            starts = longs(in[1]);
            ends = longs(in[2]);
            axes = in.length > 3 && in[3] != null ? longs(in[3]) : null;
            steps = in.length > 4 && in[4] != null ? longs(in[4]) : null;
        }
        long[] lo = new long[s.dimension()];
        long[] hi = s.getShape().clone();
        long[] st = new long[s.dimension()];
        java.util.Arrays.fill(st, 1);
        for (int k = 0; k < starts.length; k++) {
            int a = (int) (axes == null ? k : axes[k] < 0 ? axes[k] + s.dimension() : axes[k]);
            long step = steps == null ? 1 : steps[k];
            if (step <= 0) {
                throw ctx.refuse("Slice with step " + step + " (only positive steps)");
            }
            long d = s.get(a);
            lo[a] = clamp(starts[k] < 0 ? starts[k] + d : starts[k], d);
            hi[a] = clamp(ends[k] < 0 ? ends[k] + d : ends[k], d);
            st[a] = step;
        }
        NDIndex index = new NDIndex();
        for (int a = 0; a < lo.length; a++) {
            index.addSliceDim(lo[a], Math.max(lo[a], hi[a]), st[a]);
        }
        return new NDArray[] {x.get(index)};
    }

    private static long clamp(long v, long dim) {
        return Math.max(0, Math.min(v, dim));
    }

    static NDArray[] pad(NodeContext ctx, NDArray[] in) {
        String mode = ctx.s("mode", "constant");
        if (!mode.equals("constant")) {
            throw ctx.refuse("Pad mode=" + mode + " (only constant)");
        }
        long[] pads;
        double value;
        if (ctx.opset < 11) {
            pads = ctx.ints("pads");
            value = ctx.f("value", 0f);
        } else {
            if (in.length > 3 && in[3] != null) {
                throw ctx.refuse("Pad with an axes input");
            }
            pads = longs(in[1]);
            value = in.length > 2 && in[2] != null ? in[2].toType(DataType.FLOAT64, false).toDoubleArray()[0] : 0;
        }
        int rank = in[0].getShape().dimension();
        long[] torch = new long[2 * rank];
        for (int a = 0; a < rank; a++) {
            long begin = pads[a];
            long end = pads[a + rank];
            if (begin < 0 || end < 0) {
                throw ctx.refuse("negative pads " + java.util.Arrays.toString(pads));
            }
            torch[2 * (rank - 1 - a)] = begin;
            torch[2 * (rank - 1 - a) + 1] = end;
        }
        return new NDArray[] {in[0].pad(new Shape(torch), value)};
    }

    static NDArray[] constantOfShape(NodeContext ctx, NDArray[] in) {
        long[] shape = longs(in[0]);
        ai.onnx.proto.OnnxMl.AttributeProto v = ctx.find("value");
        if (v == null) {
            return new NDArray[] {ctx.scope.zeros(new Shape(shape), ctx.floatType)};
        }
        NDArray one = TensorIo.toNDArray(ctx.scope, v.getT(), ctx.floatType);
        return new NDArray[] {one.reshape(new long[0]).broadcast(new Shape(shape)).duplicate()};
    }

    static NDArray[] constant(NodeContext ctx, NDArray[] in) {
        ai.onnx.proto.OnnxMl.AttributeProto v = ctx.find("value");
        if (v == null || !v.hasT()) {
            throw ctx.refuse("Constant without a tensor 'value'");
        }
        return new NDArray[] {TensorIo.toNDArray(ctx.scope, v.getT(), ctx.floatType)};
    }

    static NDArray[] identity(NodeContext ctx, NDArray[] in) {
        return new NDArray[] {in[0].add(0)};
    }
}
