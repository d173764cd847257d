package io.edgecv.onnx.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.edgecv.quantize.NodeDecision;
import io.edgecv.quantize.QuantizationConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts a float32 graph to float16: every float32 tensor becomes float16 except around blocked nodes (the
 * configured block list, excluded nodes and op types, custom domains, control flow), which keep float32 and get
 * {@code Cast} nodes on their borders. Initializers and {@code Constant}s are converted (a float32 copy stays for
 * blocked readers); {@code Cast(to=float)} and {@code ConstantOfShape} inside the float16 region are retargeted.
 * Graph inputs and outputs stay float32 through {@code Cast} nodes unless the configuration says otherwise.
 *
 * <p>Thread-safety: not thread-safe; one conversion per instance.
 */
final class Fp16Converter {
    private final GraphIndex index;
    private final TensorTypes types;
    private final QuantizationConfig cfg;
    private final Set<String> blocked = new HashSet<>();
    /** float32 tensor name -> its float16 twin (made by a Cast or a converted initializer). */
    private final Map<String, String> half = new HashMap<>();
    /** float16 tensor name -> its float32 twin. */
    private final Map<String, String> full = new HashMap<>();
    /** Float tensors that are float16 in the converted graph under their own name. */
    private final Set<String> nativeHalf = new HashSet<>();
    private final List<NodeProto> out = new ArrayList<>();
    private final List<TensorProto> initializers = new ArrayList<>();

    private Fp16Converter(GraphIndex index, TensorTypes types, QuantizationConfig cfg) {
        this.index = index;
        this.types = types;
        this.cfg = cfg;
    }

    static Conversion convert(GraphIndex index, TensorTypes types, QuantizationConfig cfg) {
        return new Fp16Converter(index, types, cfg).run();
    }

    private String blockReason(NodeProto n) {
        if (cfg.excludedNodes().contains(n.getName())) {
            return "excluded by name in the configuration";
        }
        if (cfg.excludedOpTypes().contains(n.getOpType())) {
            return "operator type excluded in the configuration";
        }
        if (cfg.fp16BlockList().contains(n.getOpType())) {
            return "on the FP16 block list: kept in float32 between Cast nodes";
        }
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
            return "operator of domain " + n.getDomain() + ": kept in float32";
        }
        if (Attributes.hasSubgraph(n)) {
            return "control flow: its subgraphs are kept in float32";
        }
        return null;
    }

    private Conversion run() {
        GraphProto g = index.graph();
        List<NodeDecision> decisions = new ArrayList<>();
        for (NodeProto n : g.getNodeList()) {
            String why = blockReason(n);
            if (why != null) {
                blocked.add(n.getName());
            }
            boolean touchesFloat = false;
            for (String t : n.getInputList()) {
                touchesFloat |= types.isFloat(t);
            }
            for (String t : n.getOutputList()) {
                touchesFloat |= types.isFloat(t);
            }
            if (why == null && !touchesFloat) {
                why = "reads and writes no float tensor";
            }
            decisions.add(new NodeDecision(n.getName(), n.getOpType(), why == null, why == null
                    ? "float16" : why));
        }
        GraphProto.Builder gb = g.toBuilder().clearNode().clearInitializer().clearValueInfo().clearInput()
                .clearOutput();
        convertInitializers(g);
        for (ValueInfoProto v : g.getInputList()) {
            if (index.initializer(v.getName()) != null) {
                continue;
            }
            if (types.isFloat(v.getName()) && !cfg.keepIoFloat32()) {
                gb.addInput(withType(v, Tensors.FLOAT16));
                nativeHalf.add(v.getName());
            } else {
                gb.addInput(v);
            }
        }
        for (NodeProto n : g.getNodeList()) {
            boolean isBlocked = blocked.contains(n.getName());
            NodeProto.Builder b = n.toBuilder().clearInput();
            for (String in : n.getInputList()) {
                b.addInput(in.isEmpty() || !types.isFloat(in) ? in : isBlocked ? asFloat(in) : asHalf(in));
            }
            if (!isBlocked) {
                retarget(b);
                for (String o : n.getOutputList()) {
                    if (types.isFloat(o) || producesFloatByDefault(n)) {
                        nativeHalf.add(o);
                    }
                }
            }
            out.add(b.build());
        }
        for (ValueInfoProto v : g.getOutputList()) {
            String name = v.getName();
            if (!types.isFloat(name)) {
                gb.addOutput(v);
            } else if (cfg.keepIoFloat32()) {
                if (nativeHalf.contains(name)) {
                    // the producer writes float16 under a new name; a Cast restores the float32 output's name
                    String renamed = index.fresh(name + "_fp16");
                    renameOutput(name, renamed);
                    out.add(cast(renamed, name, Tensors.FLOAT));
                }
                gb.addOutput(v);
            } else {
                gb.addOutput(withType(v, Tensors.FLOAT16));
                if (!nativeHalf.contains(name)) {
                    // a float32 producer (blocked node): its readers move to the renamed tensor, a Cast makes
                    // the float16 output
                    String renamed = index.fresh(name + "_fp32");
                    renameOutput(name, renamed);
                    out.add(cast(renamed, name, Tensors.FLOAT16));
                }
            }
        }
        gb.addAllNode(out).addAllInitializer(initializers);
        return new Conversion(Topology.sort(GraphPreparation.dropUnusedInitializers(gb.build())), decisions, 1);
    }

    private void convertInitializers(GraphProto g) {
        for (TensorProto t : g.getInitializerList()) {
            if (t.getDataType() != Tensors.FLOAT) {
                initializers.add(t);
                continue;
            }
            boolean blockedReader = false;
            boolean halfReader = false;
            for (NodeProto r : index.consumers(t.getName())) {
                if (blocked.contains(r.getName())) {
                    blockedReader = true;
                } else {
                    halfReader = true;
                }
            }
            if (halfReader && !blockedReader && !index.isGraphOutput(t.getName())) {
                initializers.add(Tensors.ofFloat16(t.getName(), Tensors.dims(t), Tensors.floats(t)));
                nativeHalf.add(t.getName());
            } else {
                initializers.add(t);
                if (halfReader) {
                    String h = index.fresh(t.getName() + "_fp16");
                    initializers.add(Tensors.ofFloat16(h, Tensors.dims(t), Tensors.floats(t)));
                    half.put(t.getName(), h);
                    full.put(h, t.getName());
                }
            }
        }
    }

    /** @return the float16 version of a float tensor, adding a Cast if it is float32 */
    private String asHalf(String t) {
        if (nativeHalf.contains(t)) {
            return t;
        }
        return half.computeIfAbsent(t, k -> {
            String h = index.fresh(t + "_fp16");
            out.add(cast(t, h, Tensors.FLOAT16));
            full.put(h, t);
            return h;
        });
    }

    /** @return the float32 version of a float tensor, adding a Cast if it is float16 */
    private String asFloat(String t) {
        if (!nativeHalf.contains(t)) {
            return t;
        }
        return full.computeIfAbsent(t, k -> {
            String f = index.fresh(t + "_fp32");
            out.add(cast(t, f, Tensors.FLOAT));
            half.put(f, t);
            return f;
        });
    }

    private NodeProto cast(String from, String to, int type) {
        return Attributes.node("Cast", index.fresh(to + "_Cast"), new String[] {from}, new String[] {to},
                Attributes.ofInt("to", type));
    }

    private static boolean producesFloatByDefault(NodeProto n) {
        return n.getOpType().equals("ConstantOfShape") && Attributes.find(n, "value") == null;
    }

    /** Points float-typed attributes of a converted node at float16. */
    private void retarget(NodeProto.Builder b) {
        String op = b.getOpType();
        for (int i = 0; i < b.getAttributeCount(); i++) {
            AttributeProto a = b.getAttribute(i);
            if (op.equals("Cast") && a.getName().equals("to") && a.getI() == Tensors.FLOAT) {
                b.setAttribute(i, a.toBuilder().setI(Tensors.FLOAT16));
            } else if ((op.equals("Constant") || op.equals("ConstantOfShape")) && a.getName().equals("value")
                    && a.getT().getDataType() == Tensors.FLOAT) {
                TensorProto t = a.getT();
                b.setAttribute(i, a.toBuilder().setT(Tensors.ofFloat16(t.getName(), Tensors.dims(t),
                        Tensors.floats(t))));
            } else if (op.equals("Constant") && a.getName().equals("value_float")) {
                b.setAttribute(i, AttributeProto.newBuilder().setName("value")
                        .setType(AttributeProto.AttributeType.TENSOR)
                        .setT(Tensors.ofFloat16("", new long[0], new float[] {a.getF()})));
            } else if (op.equals("Constant") && a.getName().equals("value_floats")) {
                float[] v = new float[a.getFloatsCount()];
                for (int k = 0; k < v.length; k++) {
                    v[k] = a.getFloats(k);
                }
                b.setAttribute(i, AttributeProto.newBuilder().setName("value")
                        .setType(AttributeProto.AttributeType.TENSOR)
                        .setT(Tensors.ofFloat16("", new long[] {v.length}, v)));
            }
        }
        if (op.equals("ConstantOfShape") && Attributes.find(b.build(), "value") == null) {
            b.addAttribute(AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR)
                    .setT(Tensors.ofFloat16("", new long[] {1}, new float[] {0f})));
        }
    }

    /** Renames the producer's output (already emitted) and every emitted reader of it. */
    private void renameOutput(String from, String to) {
        for (int i = 0; i < out.size(); i++) {
            NodeProto n = out.get(i);
            if (n.getOutputList().contains(from) || n.getInputList().contains(from)) {
                NodeProto.Builder b = n.toBuilder();
                for (int k = 0; k < b.getOutputCount(); k++) {
                    if (b.getOutput(k).equals(from)) {
                        b.setOutput(k, to);
                    }
                }
                for (int k = 0; k < b.getInputCount(); k++) {
                    if (b.getInput(k).equals(from)) {
                        b.setInput(k, to);
                    }
                }
                out.set(i, b.build());
            }
        }
        if (nativeHalf.remove(from)) {
            nativeHalf.add(to);
        }
    }

    private static ValueInfoProto withType(ValueInfoProto v, int elemType) {
        ValueInfoProto.Builder b = v.toBuilder();
        b.getTypeBuilder().getTensorTypeBuilder().setElemType(elemType);
        return b.build();
    }
}
