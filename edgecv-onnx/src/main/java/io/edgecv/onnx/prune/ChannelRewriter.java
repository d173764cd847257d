package io.edgecv.onnx.prune;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.edgecv.onnx.quantize.OnnxGraphTools;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Removes classes of channels from a graph: slices every weight, bias and per-channel parameter indexed by them,
 * sets depthwise group counts, Split sizes and Resize sizes, and drops stale intermediate shapes. A sliced
 * initializer gets a fresh name per node, so weights shared by two nodes stay right for both.
 *
 * <p>Thread-safety: stateless.
 */
final class ChannelRewriter {
    private ChannelRewriter() {
    }

    /** A float tensor being sliced. */
    private static final class Slab {
        float[] data;
        long[] dims;

        Slab(TensorProto t) {
            this.data = OnnxGraphTools.floats(t);
            this.dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        }
    }

    /**
     * @param cg the analysis of {@code cg.graph()}
     * @param removed the classes (root elements) to remove
     * @param opset the model's default opset
     * @return the graph without those channels
     */
    static GraphProto apply(ChannelGraph cg, Set<Integer> removed, long opset) {
        GraphProto g = cg.graph();
        if (removed.isEmpty()) {
            return g;
        }
        Map<String, Map<Integer, Slab>> slabs = new LinkedHashMap<>();
        Map<String, NodeProto.Builder> edited = new HashMap<>();
        Map<String, long[]> longs = new LinkedHashMap<>();
        Set<String> used = new HashSet<>();
        g.getInitializerList().forEach(t -> used.add(t.getName()));
        for (ChannelUse u : cg.uses()) {
            boolean[] keep = new boolean[u.layout().length];
            int kept = 0;
            for (int i = 0; i < keep.length; i++) {
                keep[i] = !removed.contains(cg.classOf(u.layout()[i]));
                kept += keep[i] ? 1 : 0;
            }
            if (kept == keep.length) {
                continue;
            }
            if (kept == 0) {
                throw new IllegalStateException("node " + u.node().getName() + " would lose all its channels");
            }
            NodeProto n = u.node();
            NodeProto.Builder nb = edited.computeIfAbsent(n.getName(), k -> n.toBuilder());
            switch (u.kind()) {
                case PRODUCER:
                case DEPTHWISE:
                    slice(slab(cg, slabs, n, 1), 0, keep);
                    if (n.getInputCount() > 2 && !n.getInput(2).isEmpty()) {
                        slice(slab(cg, slabs, n, 2), 0, keep);
                    }
                    if (u.kind() == ChannelUse.Kind.DEPTHWISE) {
                        setInt(nb, "group", kept);
                    }
                    break;
                case CONSUMER:
                case PARAMETER:
                    slice(slab(cg, slabs, n, u.input()), u.axis(), keep);
                    break;
                case SPLIT:
                    splitSizes(cg, u, keep, nb, opset, longs, used);
                    break;
                case RESIZE_SIZES: {
                    long[] sizes = OnnxGraphTools.longs(cg.initializer(n.getInput(3)));
                    sizes[1] = kept;
                    String name = fresh(used, n.getName() + "_sizes_pruned");
                    nb.setInput(3, name);
                    longs.put(name, sizes);
                    break;
                }
                default:
                    throw new IllegalStateException("unknown use " + u.kind());
            }
        }
        GraphProto.Builder gb = g.toBuilder().clearValueInfo();
        for (Map.Entry<String, Map<Integer, Slab>> e : slabs.entrySet()) {
            NodeProto.Builder nb = edited.get(e.getKey());
            for (Map.Entry<Integer, Slab> s : e.getValue().entrySet()) {
                String name = fresh(used, nb.getInput(s.getKey()) + "_pruned");
                gb.addInitializer(OnnxGraphTools.ofFloats(name, s.getValue().dims, s.getValue().data));
                nb.setInput(s.getKey(), name);
            }
        }
        longs.forEach((name, v) -> gb.addInitializer(OnnxGraphTools.ofLongs(name, new long[] {v.length}, v)));
        for (int i = 0; i < gb.getNodeCount(); i++) {
            NodeProto.Builder nb = edited.get(gb.getNode(i).getName());
            if (nb != null) {
                gb.setNode(i, nb.build());
            }
        }
        return OnnxGraphTools.dropUnusedInitializers(gb.build());
    }

    private static void splitSizes(ChannelGraph cg, ChannelUse u, boolean[] keep, NodeProto.Builder nb, long opset,
                                   Map<String, long[]> longs, Set<String> used) {
        NodeProto n = u.node();
        long[] sizes = cg.splitSizes(n, keep.length);
        long[] now = new long[sizes.length];
        int at = 0;
        for (int o = 0; o < sizes.length; o++) {
            for (int c = 0; c < sizes[o]; c++) {
                now[o] += keep[at++] ? 1 : 0;
            }
            if (now[o] == 0) {
                throw new IllegalStateException("Split " + n.getName() + " output " + o + " would be empty");
            }
        }
        for (int a = nb.getAttributeCount() - 1; a >= 0; a--) {
            String name = nb.getAttribute(a).getName();
            if (name.equals("split") || name.equals("num_outputs")) {
                nb.removeAttribute(a);
            }
        }
        if (opset < 13) {
            AttributeProto.Builder ab = AttributeProto.newBuilder().setName("split")
                    .setType(AttributeProto.AttributeType.INTS);
            for (long s : now) {
                ab.addInts(s);
            }
            nb.addAttribute(ab);
            return;
        }
        String name = fresh(used, n.getName() + "_split_pruned");
        if (nb.getInputCount() > 1) {
            nb.setInput(1, name);
        } else {
            nb.addInput(name);
        }
        longs.put(name, now);
    }

    private static String fresh(Set<String> used, String base) {
        String name = base;
        for (int k = 2; used.contains(name); k++) {
            name = base + "_" + k;
        }
        used.add(name);
        return name;
    }

    private static Slab slab(ChannelGraph cg, Map<String, Map<Integer, Slab>> slabs, NodeProto n, int input) {
        return slabs.computeIfAbsent(n.getName(), k -> new LinkedHashMap<>())
                .computeIfAbsent(input, k -> new Slab(cg.initializer(n.getInput(input))));
    }

    private static void setInt(NodeProto.Builder nb, String name, long value) {
        for (int a = 0; a < nb.getAttributeCount(); a++) {
            if (nb.getAttribute(a).getName().equals(name)) {
                nb.setAttribute(a, nb.getAttribute(a).toBuilder().setI(value));
                return;
            }
        }
        nb.addAttribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT)
                .setI(value));
    }

    /** Keeps the marked indices of one axis. */
    static void slice(Slab s, int axis, boolean[] keep) {
        if (s.dims[axis] != keep.length) {
            throw new IllegalStateException("axis " + axis + " of " + java.util.Arrays.toString(s.dims) + " is not "
                    + keep.length + " long");
        }
        long outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= s.dims[d];
        }
        long inner = 1;
        for (int d = axis + 1; d < s.dims.length; d++) {
            inner *= s.dims[d];
        }
        int kept = 0;
        for (boolean k : keep) {
            kept += k ? 1 : 0;
        }
        int in = (int) inner;
        float[] out = new float[(int) (outer * kept * inner)];
        int w = 0;
        for (long o = 0; o < outer; o++) {
            for (int c = 0; c < keep.length; c++) {
                if (keep[c]) {
                    System.arraycopy(s.data, (int) ((o * keep.length + c) * inner), out, w, in);
                    w += in;
                }
            }
        }
        s.data = out;
        s.dims[axis] = kept;
    }

    /**
     * @return per channel tensor that loses channels, the indices of the channels it keeps (ascending), by tensor
     *     name in a stable order
     */
    static io.edgecv.prune.PrunedChannels keptChannels(ChannelGraph cg, Set<Integer> removed) {
        java.util.Map<String, int[]> map = new java.util.TreeMap<>();
        for (String t : cg.tensors()) {
            int[] layout = cg.layout(t);
            int kept = kept(cg, layout, removed);
            if (kept < layout.length) {
                int[] idx = new int[kept];
                for (int i = 0, k = 0; i < layout.length; i++) {
                    if (!removed.contains(cg.classOf(layout[i]))) {
                        idx[k++] = i;
                    }
                }
                map.put(t, idx);
            }
        }
        return io.edgecv.prune.PrunedChannels.of(map);
    }

    /** @return the number of kept channels of a layout */
    static int kept(ChannelGraph cg, int[] layout, Set<Integer> removed) {
        int k = 0;
        for (int e : layout) {
            k += removed.contains(cg.classOf(e)) ? 0 : 1;
        }
        return k;
    }
}
