package io.edgecv.onnx.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.edgecv.quantize.ActivationType;
import io.edgecv.quantize.NodeDecision;
import io.edgecv.quantize.QuantizationConfig;
import io.edgecv.quantize.TensorRange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the QDQ graph of a {@link QdqPlan} once calibration has given every activation its range: a
 * QuantizeLinear/DequantizeLinear pair after each planned activation (every reader then reads the dequantized
 * copy), int8 weights and (for uint8 activations) int32 biases as initializers behind DequantizeLinear, and
 * foldable Clip/Relu nodes removed where the 8-bit range saturates exactly where they would clip.
 *
 * <p>Thread-safety: not thread-safe; one rewrite per instance.
 */
final class QdqRewriter {
    private final QdqPlan plan;
    private final GraphIndex index;
    private final QuantizationConfig cfg;
    private final Map<String, TensorStatistics> stats;
    private final RangeSelector selector;
    private final Map<String, QuantParams> computed = new HashMap<>();
    private final Map<String, QuantParams> override = new HashMap<>();
    private final Map<String, String> alias = new HashMap<>();
    private final Set<String> removed = new HashSet<>();
    private final Map<String, String> dequantized = new HashMap<>();
    private final Map<String, String> constants = new HashMap<>();
    private final Map<String, WeightQuantization> weights = new HashMap<>();
    private final List<NodeProto> prologue = new ArrayList<>();
    private final List<NodeProto> body = new ArrayList<>();
    private final List<TensorProto> added = new ArrayList<>();

    private QdqRewriter(QdqPlan plan, QuantizationConfig cfg, Map<String, TensorStatistics> stats,
                        RangeSelector selector) {
        this.stats = stats;
        this.selector = selector;
        this.plan = plan;
        this.index = plan.index;
        this.cfg = cfg;
    }

    /**
     * @param ranges filled with the range of every calibrated tensor that is used
     * @return the QDQ graph, topologically sorted
     */
    static GraphProto rewrite(QdqPlan plan, Map<String, TensorStatistics> stats, RangeSelector selector,
                              QuantizationConfig cfg, List<TensorRange> ranges) {
        QdqRewriter r = new QdqRewriter(plan, cfg, stats, selector);
        r.foldActivations();
        GraphProto g = r.build();
        for (Map.Entry<String, TensorStatistics> e : stats.entrySet()) {
            QuantParams q = r.computed.get(e.getKey());
            TensorStatistics s = e.getValue();
            if (q != null) {
                ranges.add(new TensorRange(e.getKey(), s.seen() ? s.min() : 0f, s.seen() ? s.max() : 0f, q.min,
                        q.max, q.scale, q.zeroPoint));
            }
        }
        return g;
    }

    private void foldActivations() {
        for (Map.Entry<String, String> e : plan.foldableActivations.entrySet()) {
            NodeProto act = plan.nodeByName(e.getKey());
            String in = e.getValue();
            String out = act.getOutput(0);
            QuantParams q = params(out);
            float[] clip = clipBounds(act);
            if (clip != null && q.representableMin() >= clip[0] - 1e-6f && q.representableMax() <= clip[1] + 1e-6f) {
                removed.add(act.getName());
                override.put(in, q);
                alias.put(out, in);
                plan.decisions.put(act.getName(), new NodeDecision(act.getName(), act.getOpType(), true,
                        "removed: folded into the 8-bit range of " + in + ", which saturates where it clipped"));
            } else {
                plan.decisions.put(act.getName(), new NodeDecision(act.getName(), act.getOpType(), true,
                        "QDQ (kept: the 8-bit range of its output reaches past its clip bounds)"));
            }
        }
    }

    /** @return {min, max} the activation clips to, or null if not constant */
    private float[] clipBounds(NodeProto act) {
        if (act.getOpType().equals("Relu")) {
            return new float[] {0f, Float.POSITIVE_INFINITY};
        }
        float lo = Attributes.floatOr(act, "min", Float.NEGATIVE_INFINITY);
        float hi = Attributes.floatOr(act, "max", Float.POSITIVE_INFINITY);
        for (int i = 1; i <= 2 && i < act.getInputCount(); i++) {
            if (act.getInput(i).isEmpty()) {
                continue;
            }
            TensorProto t = index.initializer(act.getInput(i));
            if (t == null || t.getDataType() != Tensors.FLOAT || Tensors.elementCount(t) != 1) {
                return null;
            }
            float v = Tensors.floats(t)[0];
            if (i == 1) {
                lo = v;
            } else {
                hi = v;
            }
        }
        return new float[] {lo, hi};
    }

    private QuantParams params(String tensor) {
        QuantParams q = override.get(tensor);
        if (q != null) {
            return q;
        }
        String src = plan.sharedWith.get(tensor);
        if (src != null) {
            return params(alias.getOrDefault(src, src));
        }
        q = computed.get(tensor);
        if (q == null) {
            TensorStatistics s = stats.get(tensor);
            if (s == null) {
                throw new IllegalStateException("tensor " + tensor + " was not calibrated");
            }
            float[] lohi = s.seen() ? selector.select(s) : new float[] {0f, 0f};
            q = QuantParams.of(lohi[0], lohi[1], cfg.activationType());
            computed.put(tensor, q);
        }
        return q;
    }

    private GraphProto build() {
        for (String t : plan.qdqTensors) {
            if (index.isGraphInput(t)) {
                emitQdq(t, prologue);
            }
        }
        for (NodeProto n : index.graph().getNodeList()) {
            if (removed.contains(n.getName())) {
                continue;
            }
            boolean q = plan.quantized.contains(n.getName());
            NodeProto.Builder b = n.toBuilder().clearInput();
            for (int i = 0; i < n.getInputCount(); i++) {
                b.addInput(input(n, i, q));
            }
            body.add(b.build());
            for (String out : n.getOutputList()) {
                if (plan.qdqTensors.contains(out) && !alias.containsKey(out)) {
                    emitQdq(out, body);
                }
            }
        }
        GraphProto.Builder g = index.graph().toBuilder().clearNode().clearValueInfo();
        g.addAllNode(prologue).addAllNode(body).addAllInitializer(added);
        return Topology.sort(GraphPreparation.dropUnusedInitializers(g.build()));
    }

    private String input(NodeProto n, int i, boolean quantizedNode) {
        String t = n.getInput(i);
        if (t.isEmpty()) {
            return t;
        }
        t = alias.getOrDefault(t, t);
        TensorProto init = index.initializer(t);
        if (quantizedNode && init != null && init.getDataType() == Tensors.FLOAT) {
            OpKinds kind = OpKinds.of(n.getOpType());
            if (kind == OpKinds.WEIGHTED && i == 1) {
                return weight(n, init);
            }
            if (kind == OpKinds.WEIGHTED && i == 2 && intBias(cfg) && biasEligible(n, init)) {
                return bias(n, init);
            }
            if (kind != OpKinds.WEIGHTED && i < OpKinds.dataInputs(n.getOpType(), n.getInputCount())) {
                return constant(init);
            }
            return t;
        }
        String dq = dequantized.get(t);
        return dq != null ? dq : t;
    }

    private void emitQdq(String t, List<NodeProto> into) {
        QuantParams q = params(t);
        String scale = index.fresh(t + "_scale");
        String zp = index.fresh(t + "_zero_point");
        String quantized = index.fresh(t + "_quantized");
        String dq = index.fresh(t + "_dequantized");
        added.add(Tensors.scalar(scale, q.scale));
        added.add(Tensors.zeroPoint(zp, q.type, new long[0], q.zeroPoint));
        into.add(Attributes.node("QuantizeLinear", index.fresh(t + "_QuantizeLinear"),
                new String[] {t, scale, zp}, new String[] {quantized}));
        into.add(Attributes.node("DequantizeLinear", index.fresh(t + "_DequantizeLinear"),
                new String[] {quantized, scale, zp}, new String[] {dq}));
        dequantized.put(t, dq);
    }

    private int weightAxis(NodeProto n, TensorProto w) {
        if (!cfg.perChannel()) {
            return -1;
        }
        switch (n.getOpType()) {
            case "Conv":
                return 0;
            case "Gemm":
                return Attributes.intOr(n, "transB", 0) != 0 ? 0 : 1;
            default:
                return w.getDimsCount() == 2 ? 1 : -1;
        }
    }

    private WeightQuantization weightQuantization(NodeProto n, TensorProto w) {
        int axis = weightAxis(n, w);
        return weights.computeIfAbsent(w.getName() + "@" + axis,
                k -> WeightQuantization.symmetric(Tensors.floats(w), Tensors.dims(w), axis));
    }

    private String weight(NodeProto n, TensorProto w) {
        WeightQuantization wq = weightQuantization(n, w);
        String key = w.getName() + "@" + wq.axis;
        String existing = constants.get(key);
        if (existing != null) {
            return existing;
        }
        long[] scaleDims = wq.axis < 0 ? new long[0] : new long[] {wq.scales.length};
        String qName = index.fresh(w.getName() + "_quantized");
        String scale = index.fresh(w.getName() + "_scale");
        String zp = index.fresh(w.getName() + "_zero_point");
        String out = index.fresh(w.getName() + "_dequantized");
        added.add(Tensors.ofBytes(qName, Tensors.INT8, Tensors.dims(w), wq.values));
        added.add(Tensors.ofFloats(scale, scaleDims, wq.scales));
        added.add(Tensors.zeroPoint(zp, Tensors.INT8, scaleDims, 0));
        prologue.add(dequantize(w.getName(), qName, scale, zp, out, wq.axis));
        constants.put(key, out);
        return out;
    }

    /**
     * Whether biases become int32 behind a DequantizeLinear (ONNX Runtime's QDQ form, which its integer kernels
     * fuse). Symmetric int8 activations are the TensorRT form, whose ONNX parser accepts DequantizeLinear only on
     * int8 tensors (onnx-tensorrt#850): there the bias stays float32 and TensorRT adds it in its own precision.
     */
    static boolean intBias(QuantizationConfig cfg) {
        return cfg.activationType() != ActivationType.INT8_SYMMETRIC;
    }

    private boolean biasEligible(NodeProto n, TensorProto b) {
        TensorProto w = index.initializer(n.getInput(1));
        if (w == null || b.getDimsCount() != 1) {
            return false;
        }
        if (n.getOpType().equals("Gemm") && (Attributes.floatOr(n, "alpha", 1f) != 1f
                || Attributes.floatOr(n, "beta", 1f) != 1f)) {
            return false;
        }
        WeightQuantization wq = weightQuantization(n, w);
        long channels = wq.axis < 0 ? b.getDims(0) : w.getDims(wq.axis);
        return b.getDims(0) == channels && (n.getOpType().equals("Conv") ? w.getDims(0) == channels : true);
    }

    private String bias(NodeProto n, TensorProto b) {
        WeightQuantization wq = weightQuantization(n, index.initializer(n.getInput(1)));
        String x = alias.getOrDefault(n.getInput(0), n.getInput(0));
        float inputScale = params(x).scale;
        float[] scales = wq.biasScales(inputScale);
        long[] scaleDims = wq.axis < 0 ? new long[0] : new long[] {scales.length};
        String qName = index.fresh(b.getName() + "_quantized");
        String scale = index.fresh(b.getName() + "_scale");
        String zp = index.fresh(b.getName() + "_zero_point");
        String out = index.fresh(b.getName() + "_dequantized");
        added.add(Tensors.ofInts(qName, Tensors.dims(b), wq.bias(Tensors.floats(b), inputScale)));
        added.add(Tensors.ofFloats(scale, scaleDims, scales));
        added.add(Tensors.zeroPoint(zp, Tensors.INT32, scaleDims, 0));
        prologue.add(dequantize(b.getName(), qName, scale, zp, out, wq.axis < 0 ? -1 : 0));
        return out;
    }

    /** A constant data input (the addend of an Add, say): quantized like an activation, from its own range. */
    private String constant(TensorProto c) {
        String existing = constants.get(c.getName());
        if (existing != null) {
            return existing;
        }
        float[] v = Tensors.floats(c);
        float lo = 0f;
        float hi = 0f;
        for (float f : v) {
            lo = Math.min(lo, f);
            hi = Math.max(hi, f);
        }
        QuantParams q = QuantParams.of(lo, hi, cfg.activationType());
        int qmin = q.type == Tensors.UINT8 ? 0 : -128;
        int qmax = q.type == Tensors.UINT8 ? 255 : 127;
        byte[] data = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            long x = (long) Math.rint(v[i] / q.scale) + q.zeroPoint;
            data[i] = (byte) Math.max(qmin, Math.min(qmax, x));
        }
        String qName = index.fresh(c.getName() + "_quantized");
        String scale = index.fresh(c.getName() + "_scale");
        String zp = index.fresh(c.getName() + "_zero_point");
        String out = index.fresh(c.getName() + "_dequantized");
        added.add(Tensors.ofBytes(qName, q.type, Tensors.dims(c), data));
        added.add(Tensors.scalar(scale, q.scale));
        added.add(Tensors.zeroPoint(zp, q.type, new long[0], q.zeroPoint));
        prologue.add(dequantize(c.getName(), qName, scale, zp, out, -1));
        constants.put(c.getName(), out);
        return out;
    }

    private NodeProto dequantize(String base, String q, String scale, String zp, String out, int axis) {
        String name = index.fresh(base + "_DequantizeLinear");
        if (axis < 0) {
            return Attributes.node("DequantizeLinear", name, new String[] {q, scale, zp}, new String[] {out});
        }
        AttributeProto a = Attributes.ofInt("axis", axis);
        return Attributes.node("DequantizeLinear", name, new String[] {q, scale, zp}, new String[] {out}, a);
    }
}
