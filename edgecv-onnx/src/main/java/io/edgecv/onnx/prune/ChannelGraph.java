package io.edgecv.onnx.prune;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.edgecv.onnx.quantize.OnnxGraphTools;
import io.edgecv.prune.LeftWhole;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The channel dependencies of an ONNX graph, found the way Torch-Pruning's DepGraph finds them on PyTorch modules,
 * but per channel: every output channel of a convolution is an element; each tensor on the channel axis (axis 1,
 * NCHW) carries a layout, the element behind each of its channels. Pass-through operators (activations, pooling,
 * Resize, BatchNormalization, depthwise convolutions) keep the layout; Concat on the channel axis joins layouts and
 * Split cuts them (so {@code cat([x, x])}, concats of different sources and Split offsets are exact channel maps,
 * however often the model is pruned); element-wise operators with two channel inputs (residual Add, SiLU's Mul)
 * merge their elements into one set. A set of merged elements is a <em>class</em>: its channels go together.
 * Operators the analysis does not follow pin every class they read, and the node is named in {@link #leftWhole()}.
 *
 * <p>Thread-safety: not thread-safe; built and read on one thread.
 */
final class ChannelGraph {
    private static final Set<String> PASS_THROUGH = Set.of("Relu", "Clip", "Sigmoid", "LeakyRelu", "HardSigmoid",
            "HardSwish", "Tanh", "Elu", "Selu", "Softplus", "Softsign", "Mish", "Gelu", "Erf", "Neg", "Abs", "Exp",
            "Identity", "Dropout", "Cast", "MaxPool", "AveragePool", "LpPool", "Resize", "Upsample", "Celu");
    private static final Set<String> GLOBAL_POOLS = Set.of("GlobalAveragePool", "GlobalMaxPool", "GlobalLpPool");
    private static final Set<String> ELEMENTWISE = Set.of("Add", "Sub", "Mul", "Div", "Max", "Min", "Sum", "Mean",
            "Pow", "PRelu");

    private final GraphProto graph;
    private final Map<String, TensorProto> initializers = new HashMap<>();
    private final UnionFind uf = new UnionFind();
    private final Map<String, int[]> layouts = new HashMap<>();
    private final Map<String, Integer> ranks = new HashMap<>();
    private final Set<String> spatialOne = new HashSet<>();
    private final List<ChannelUse> uses = new ArrayList<>();
    private final List<NodeProto> elementProducer = new ArrayList<>();
    private final Pins pins = new Pins();
    private final Map<String, NodeProto> producers = new HashMap<>();
    private final Map<String, List<NodeProto>> readers = new HashMap<>();

    /**
     * @param graph a topologically sorted graph with named nodes
     * @param keepHeads whether convolutions feeding the model's outputs keep their output channels
     * @param excluded names of nodes whose output channels are kept
     */
    ChannelGraph(GraphProto graph, boolean keepHeads, Set<String> excluded) {
        this.graph = graph;
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        for (NodeProto n : graph.getNodeList()) {
            n.getOutputList().forEach(o -> producers.put(o, n));
            n.getInputList().forEach(i -> readers.computeIfAbsent(i, k -> new ArrayList<>()).add(n));
        }
        for (NodeProto n : graph.getNodeList()) {
            visit(n);
        }
        for (ValueInfoProto o : graph.getOutputList()) {
            pins.pin(layouts.get(o.getName()), o.getName(), "model output", "a model output keeps its shape");
        }
        for (NodeProto n : graph.getNodeList()) {
            if (!isProducerConv(n)) {
                continue;
            }
            if (excluded.contains(n.getName())) {
                pin(layouts.get(n.getOutput(0)), n, "excluded by the configuration");
            } else if (keepHeads) {
                String out = GraphShapes.reachesOutput(graph, readers, n.getOutput(0));
                if (out != null) {
                    pin(layouts.get(n.getOutput(0)), n, "output head (feeds model output " + out + ")");
                }
            }
        }
    }

    GraphProto graph() {
        return graph;
    }

    TensorProto initializer(String name) {
        return initializers.get(name);
    }

    /** @return the class (root element) of an element */
    int classOf(int element) {
        return uf.find(element);
    }

    /** @return the layout of a tensor, or null if it is not a channel tensor */
    int[] layout(String tensor) {
        return layouts.get(tensor);
    }

    /** @return the names of the channel tensors (those with a layout) */
    Set<String> tensors() {
        return Collections.unmodifiableSet(layouts.keySet());
    }

    List<ChannelUse> uses() {
        return uses;
    }

    /** @return the convolution that made an element, or null */
    NodeProto producerOf(int element) {
        return elementProducer.get(element);
    }

    int elementCount() {
        return uf.size();
    }

    /** @return the classes that must keep their channels */
    Set<Integer> pinnedClasses() {
        return pins.classes(uf);
    }

    /** @return nodes whose channels were left whole, with the reason, in graph order of discovery */
    List<LeftWhole> leftWhole() {
        return pins.leftWhole();
    }

    private static boolean isProducerConv(NodeProto n) {
        return n.getOpType().equals("Conv") && n.getDomain().isEmpty();
    }

    private void visit(NodeProto n) {
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
            pinInputs(n, "operator of domain " + n.getDomain() + " is not followed by the channel analysis");
            return;
        }
        if (OnnxGraphTools.hasSubgraph(n)) {
            pinInputs(n, "operators with subgraphs are not followed by the channel analysis");
            return;
        }
        String op = n.getOpType();
        int[] in = n.getInputCount() > 0 ? layouts.get(n.getInput(0)) : null;
        if (op.equals("Conv")) {
            conv(n, in);
        } else if (op.equals("BatchNormalization")) {
            if (in != null) {
                for (int k = 1; k < Math.min(5, n.getInputCount()); k++) {
                    if (initializers.containsKey(n.getInput(k))) {
                        uses.add(new ChannelUse(ChannelUse.Kind.PARAMETER, n, k, 0, in));
                    } else {
                        pin(in, n, "BatchNormalization parameter " + n.getInput(k) + " is not a constant");
                    }
                }
                setOut(n.getOutput(0), in, n.getInput(0));
            }
        } else if (PASS_THROUGH.contains(op)) {
            if (in != null) {
                if (op.equals("Resize") || op.equals("Upsample")) {
                    resize(n, in);
                }
                for (int o = 0; o < n.getOutputCount(); o++) {
                    if (o == 0 || !op.equals("MaxPool")) {
                        setOut(n.getOutput(o), in, n.getInput(0));
                    }
                }
            }
            pinOtherInputs(n, 1);
        } else if (GLOBAL_POOLS.contains(op)) {
            if (in != null) {
                setOut(n.getOutput(0), in, n.getInput(0));
                spatialOne.add(n.getOutput(0));
            }
        } else if (op.equals("Flatten") || op.equals("Reshape")) {
            flatten(n, in);
        } else if (op.equals("Gemm") || op.equals("MatMul")) {
            dense(n, in);
        } else if (ELEMENTWISE.contains(op)) {
            elementwise(n);
        } else if (op.equals("Concat")) {
            concat(n);
        } else if (op.equals("Split")) {
            split(n, in);
        } else {
            pinInputs(n, "operator " + op + " reads channels in a way the channel analysis does not follow");
        }
    }

    private void conv(NodeProto n, int[] in) {
        TensorProto w = n.getInputCount() > 1 ? initializers.get(n.getInput(1)) : null;
        boolean biasOk = n.getInputCount() < 3 || n.getInput(2).isEmpty() || initializers.containsKey(n.getInput(2));
        if (w == null || !biasOk || w.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
            pin(in, n, "convolution weights are not float32 constants");
            return;
        }
        int cout = Math.toIntExact(w.getDims(0));
        long group = OnnxGraphTools.intAttribute(n, "group", 1);
        int rank = w.getDimsCount();
        if (group == 1) {
            if (in != null) {
                if (in.length == w.getDims(1)) {
                    uses.add(new ChannelUse(ChannelUse.Kind.CONSUMER, n, 1, 1, in));
                } else {
                    pin(in, n, "input has " + in.length + " channels but the weights expect " + w.getDims(1));
                }
            }
            int[] out = fresh(cout, n);
            uses.add(new ChannelUse(ChannelUse.Kind.PRODUCER, n, 1, 0, out));
            layouts.put(n.getOutput(0), out);
            ranks.put(n.getOutput(0), rank);
        } else if (in != null && group == in.length && cout == group && w.getDims(1) == 1) {
            uses.add(new ChannelUse(ChannelUse.Kind.DEPTHWISE, n, 1, 0, in));
            layouts.put(n.getOutput(0), in);
            ranks.put(n.getOutput(0), rank);
        } else {
            String why = "grouped convolution (" + group + " groups) is not a depthwise one";
            pin(in, n, why);
            int[] out = fresh(cout, n);
            pin(out, n, why);
            layouts.put(n.getOutput(0), out);
            ranks.put(n.getOutput(0), rank);
        }
    }

    private void resize(NodeProto n, int[] in) {
        // Resize(X, roi, scales, sizes): scales keep the channel count; sizes name it and are rewritten
        if (n.getOpType().equals("Resize") && n.getInputCount() > 3 && !n.getInput(3).isEmpty()) {
            if (initializers.containsKey(n.getInput(3))) {
                uses.add(new ChannelUse(ChannelUse.Kind.RESIZE_SIZES, n, 3, 0, in));
            } else {
                pin(in, n, "Resize sizes are computed, not constant");
            }
        }
    }

    private void flatten(NodeProto n, int[] in) {
        if (in == null) {
            return;
        }
        if (spatialOne.contains(n.getInput(0)) && GraphShapes.flattensToRows(n, initializers)) {
            layouts.put(n.getOutput(0), in);
            ranks.put(n.getOutput(0), 2);
        } else {
            pin(in, n, n.getOpType() + " mixes channels with spatial positions (only a flatten after a global pool"
                    + " into Gemm/MatMul is followed)");
        }
    }

    private void dense(NodeProto n, int[] in) {
        if (in == null) {
            pinOtherInputs(n, 1);
            return;
        }
        TensorProto b = initializers.get(n.getInput(1));
        boolean gemm = n.getOpType().equals("Gemm");
        if (ranks.getOrDefault(n.getInput(0), -1) != 2 || b == null || b.getDimsCount() != 2
                || (gemm && OnnxGraphTools.intAttribute(n, "transA", 0) != 0)) {
            pin(in, n, n.getOpType() + " with these inputs is not followed (needs a 2-D input and constant 2-D"
                    + " weights)");
            return;
        }
        int axis = gemm && OnnxGraphTools.intAttribute(n, "transB", 0) != 0 ? 1 : 0;
        if (b.getDims(axis) != in.length) {
            pin(in, n, "weights do not match the input's " + in.length + " channels");
            return;
        }
        uses.add(new ChannelUse(ChannelUse.Kind.CONSUMER, n, 1, axis, in));
    }

    private void elementwise(NodeProto n) {
        int[] first = null;
        String firstName = null;
        List<Integer> constants = new ArrayList<>();
        for (int i = 0; i < n.getInputCount(); i++) {
            String t = n.getInput(i);
            int[] l = layouts.get(t);
            if (l == null) {
                constants.add(i);
                continue;
            }
            if (first == null) {
                first = l;
                firstName = t;
            } else if (first.length == l.length) {
                for (int c = 0; c < l.length; c++) {
                    uf.union(first[c], l[c]);
                }
            } else {
                pin(first, n, "inputs with " + first.length + " and " + l.length + " channels broadcast");
                pin(l, n, "inputs with " + first.length + " and " + l.length + " channels broadcast");
            }
        }
        if (first == null) {
            return;
        }
        int rank = ranks.getOrDefault(firstName, 4);
        for (int i : constants) {
            TensorProto c = initializers.get(n.getInput(i));
            if (c == null) {
                pin(first, n, "reads computed tensor " + n.getInput(i) + ", which may vary over channels");
                continue;
            }
            int axis = 1 - (rank - c.getDimsCount());
            if (axis < 0 || c.getDims(axis) == 1) {
                continue;
            }
            if (c.getDims(axis) == first.length) {
                uses.add(new ChannelUse(ChannelUse.Kind.PARAMETER, n, i, axis, first));
            } else {
                pin(first, n, "constant " + c.getName() + " does not fit the channels");
            }
        }
        setOut(n.getOutput(0), first, firstName);
    }

    private void concat(NodeProto n) {
        List<int[]> parts = new ArrayList<>();
        for (String i : n.getInputList()) {
            parts.add(layouts.get(i));
        }
        if (parts.stream().allMatch(p -> p == null)) {
            return;
        }
        int rank = ranks.getOrDefault(firstWithLayout(n), 4);
        long axis = OnnxGraphTools.intAttribute(n, "axis", 1);
        axis = axis < 0 ? axis + rank : axis;
        boolean all = true;
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) == null && axis == 1) {
                parts.set(i, constantChannels(n, n.getInput(i), rank));
            }
            all &= parts.get(i) != null;
        }
        if (!all) {
            pinInputs(n, "concatenates channel tensors with other tensors");
            return;
        }
        if (axis == 1) {
            int total = parts.stream().mapToInt(p -> p.length).sum();
            int[] out = new int[total];
            int at = 0;
            for (int[] p : parts) {
                System.arraycopy(p, 0, out, at, p.length);
                at += p.length;
            }
            layouts.put(n.getOutput(0), out);
            ranks.put(n.getOutput(0), rank);
        } else {
            elementwise(n);
        }
    }

    /**
     * @return kept (pinned) channels for a constant concatenated on the channel axis, such as the zero channels
     *         BlazeFace's channel padding appends ({@code ConstantOfShape} of a constant shape); null if the tensor is
     *         computed
     */
    private int[] constantChannels(NodeProto concat, String tensor, int rank) {
        NodeProto p = producers.get(tensor);
        long channels = GraphShapes.constantChannels(tensor, rank, initializers, p);
        if (channels <= 0) {
            return null;
        }
        int[] out = fresh(Math.toIntExact(channels), null);
        pins.pin(out, p != null ? p.getName() : tensor, p != null ? p.getOpType() : "initializer",
                "constant channels concatenated by " + concat.getName() + " are kept");
        layouts.put(tensor, out);
        ranks.put(tensor, rank);
        return out;
    }

    private void split(NodeProto n, int[] in) {
        if (in == null) {
            return;
        }
        int rank = ranks.getOrDefault(n.getInput(0), 4);
        long axis = OnnxGraphTools.intAttribute(n, "axis", 0);
        axis = axis < 0 ? axis + rank : axis;
        if (axis != 1) {
            for (String o : n.getOutputList()) {
                setOut(o, in, n.getInput(0));
            }
            return;
        }
        long[] sizes = splitSizes(n, in.length);
        if (sizes == null) {
            pin(in, n, "Split sizes are computed or do not add up to the " + in.length + " channels");
            return;
        }
        uses.add(new ChannelUse(ChannelUse.Kind.SPLIT, n, -1, 1, in));
        int at = 0;
        for (int o = 0; o < n.getOutputCount(); o++) {
            int[] part = Arrays.copyOfRange(in, at, at + (int) sizes[o]);
            at += (int) sizes[o];
            layouts.put(n.getOutput(o), part);
            ranks.put(n.getOutput(o), rank);
        }
    }

    /** @return the sizes of a Split's outputs, from its input, its attribute or an even split; null if unknown */
    long[] splitSizes(NodeProto n, int channels) {
        return GraphShapes.splitSizes(n, channels, initializers);
    }

    private String firstWithLayout(NodeProto n) {
        return n.getInputList().stream().filter(layouts::containsKey).findFirst().orElse("");
    }

    private void setOut(String out, int[] layout, String from) {
        layouts.put(out, layout);
        ranks.put(out, ranks.getOrDefault(from, 4));
        if (spatialOne.contains(from)) {
            spatialOne.add(out);
        }
    }

    private int[] fresh(int count, NodeProto producer) {
        int[] out = new int[count];
        for (int c = 0; c < count; c++) {
            out[c] = uf.add();
            elementProducer.add(producer);
        }
        return out;
    }

    private void pinInputs(NodeProto n, String reason) {
        pinOtherInputs(n, 0);
        if (n.getInputCount() > 0) {
            pin(layouts.get(n.getInput(0)), n, reason);
        }
    }

    private void pinOtherInputs(NodeProto n, int from) {
        for (int i = Math.max(from, 1); i < n.getInputCount(); i++) {
            int[] l = layouts.get(n.getInput(i));
            if (l != null) {
                pin(l, n, n.getOpType() + " reads channels as input " + i + ", which is not followed");
            }
        }
    }

    private void pin(int[] layout, NodeProto n, String reason) {
        pins.pin(layout, n.getName(), n.getOpType(), reason);
    }
}
