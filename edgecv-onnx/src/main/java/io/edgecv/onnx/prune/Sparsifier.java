package io.edgecv.onnx.prune;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.edgecv.onnx.quantize.OnnxGraphTools;
import io.edgecv.prune.LeftWhole;
import io.edgecv.prune.PruningMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Weight sparsity, shapes unchanged: unstructured (the smallest-magnitude weights of each convolution and
 * Gemm/MatMul set to zero, the same fraction per layer) or 2:4 semi-structured (in every run of four consecutive
 * input channels at one output channel and kernel tap, the two smallest set to zero: the layout NVIDIA's sparse
 * tensor cores and TensorRT's sparse convolution kernels need; layers whose input channels are not a multiple of
 * four are left dense and named).
 *
 * <p>Thread-safety: stateless.
 */
final class Sparsifier {
    private Sparsifier() {
    }

    static GraphProto apply(GraphProto g, PruningMode mode, double ratio, Set<String> excluded, List<LeftWhole> left) {
        Map<String, TensorProto> inits = new HashMap<>();
        g.getInitializerList().forEach(t -> inits.put(t.getName(), t));
        GraphProto.Builder gb = g.toBuilder();
        List<TensorProto> added = new ArrayList<>();
        for (int i = 0; i < gb.getNodeCount(); i++) {
            NodeProto n = gb.getNode(i);
            String op = n.getOpType();
            if (!(op.equals("Conv") || op.equals("Gemm") || op.equals("MatMul")) || n.getInputCount() < 2) {
                continue;
            }
            TensorProto w = inits.get(n.getInput(1));
            if (w == null || w.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
                continue;
            }
            if (excluded.contains(n.getName())) {
                left.add(new LeftWhole(n.getName(), op, "excluded by the configuration"));
                continue;
            }
            float[] v = OnnxGraphTools.floats(w);
            if (mode == PruningMode.UNSTRUCTURED) {
                magnitude(v, ratio);
            } else {
                if (!twoFour(n, w, v, left)) {
                    continue;
                }
            }
            String name = n.getInput(1) + "_sparse_" + i;
            added.add(OnnxGraphTools.ofFloats(name, w.getDimsList().stream().mapToLong(Long::longValue).toArray(), v));
            gb.setNode(i, n.toBuilder().setInput(1, name));
        }
        gb.addAllInitializer(added);
        return OnnxGraphTools.dropUnusedInitializers(gb.build());
    }

    /** Zeroes the {@code ratio} smallest-magnitude values. */
    static void magnitude(float[] v, double ratio) {
        int cut = (int) Math.round(ratio * v.length);
        if (cut <= 0) {
            return;
        }
        float[] mags = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            mags[i] = Math.abs(v[i]);
        }
        Arrays.sort(mags);
        float threshold = mags[Math.min(cut, v.length) - 1];
        int zeroed = 0;
        for (int i = 0; i < v.length && zeroed < cut; i++) {
            if (Math.abs(v[i]) < threshold) {
                v[i] = 0;
                zeroed++;
            }
        }
        for (int i = 0; i < v.length && zeroed < cut; i++) {
            if (v[i] != 0 && Math.abs(v[i]) == threshold) {
                v[i] = 0;
                zeroed++;
            }
        }
    }

    /** 2:4 along the input-channel axis of a Conv weight [K, C, R, S] (or the K axis of a Gemm/MatMul weight). */
    private static boolean twoFour(NodeProto n, TensorProto w, float[] v, List<LeftWhole> left) {
        int axis;
        if (n.getOpType().equals("Conv")) {
            if (OnnxGraphTools.intAttribute(n, "group", 1) != 1) {
                left.add(new LeftWhole(n.getName(), n.getOpType(), "grouped convolution: no 2:4 sparse kernels"));
                return false;
            }
            axis = 1;
        } else {
            axis = n.getOpType().equals("Gemm") && OnnxGraphTools.intAttribute(n, "transB", 0) != 0 ? 1 : 0;
        }
        int c = (int) w.getDims(axis);
        if (c % 4 != 0) {
            left.add(new LeftWhole(n.getName(), n.getOpType(), c + " input channels, not a multiple of 4"));
            return false;
        }
        long outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= w.getDims(d);
        }
        int inner = 1;
        for (int d = axis + 1; d < w.getDimsCount(); d++) {
            inner *= (int) w.getDims(d);
        }
        int[] idx = new int[4];
        for (long o = 0; o < outer; o++) {
            for (int t = 0; t < inner; t++) {
                for (int c0 = 0; c0 < c; c0 += 4) {
                    for (int q = 0; q < 4; q++) {
                        idx[q] = (int) ((o * c + c0 + q) * inner + t);
                    }
                    // zero the two smallest magnitudes of the four (ties: the first)
                    int a = 0;
                    for (int q = 1; q < 4; q++) {
                        if (Math.abs(v[idx[q]]) < Math.abs(v[idx[a]])) {
                            a = q;
                        }
                    }
                    int b = a == 0 ? 1 : 0;
                    for (int q = 0; q < 4; q++) {
                        if (q != a && Math.abs(v[idx[q]]) < Math.abs(v[idx[b]])) {
                            b = q;
                        }
                    }
                    v[idx[a]] = 0;
                    v[idx[b]] = 0;
                }
            }
        }
        return true;
    }
}
