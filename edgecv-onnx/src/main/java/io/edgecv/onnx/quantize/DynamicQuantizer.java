package io.edgecv.onnx.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.edgecv.InvalidModelException;
import io.edgecv.quantize.NodeDecision;
import io.edgecv.quantize.QuantizationConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dynamic INT8 with standard ONNX operators only: each MatMul, Gemm and Conv with constant weights becomes
 * {@code DynamicQuantizeLinear(x)} (uint8, range measured on every run) then {@code MatMulInteger} or
 * {@code ConvInteger} against int8 symmetric weights, {@code Cast} to float, a {@code Mul} by input scale x weight
 * scale (per output channel when configured) and an {@code Add} of the float bias. ONNX Runtime fuses the MatMul
 * form into its DynamicQuantizeMatMul kernel. Needs no calibration; activations are always uint8 here.
 *
 * <p>Thread-safety: not thread-safe; one conversion per instance.
 */
final class DynamicQuantizer {
    /** DynamicQuantizeLinear appeared in opset 11. */
    static final long MIN_OPSET = 11;

    private final GraphIndex index;
    private final TensorTypes types;
    private final QuantizationConfig cfg;
    private final Map<String, String[]> quantizedInputs = new HashMap<>();
    private final List<TensorProto> added = new ArrayList<>();
    private final List<NodeProto> out = new ArrayList<>();
    private final Map<String, NodeDecision> decisions = new LinkedHashMap<>();

    private DynamicQuantizer(GraphIndex index, TensorTypes types, QuantizationConfig cfg) {
        this.index = index;
        this.types = types;
        this.cfg = cfg;
    }

    static Conversion quantize(GraphIndex index, TensorTypes types, QuantizationConfig cfg, String modelName)
            throws InvalidModelException {
        DynamicQuantizer q = new DynamicQuantizer(index, types, cfg);
        int converted = 0;
        for (NodeProto n : index.graph().getNodeList()) {
            String why = q.refusal(n);
            if (why == null) {
                q.rewrite(n);
                converted++;
                q.decisions.put(n.getName(), new NodeDecision(n.getName(), n.getOpType(), true,
                        "dynamic: uint8 input quantized at run time, int8 " + (cfg.perChannel() ? "per-channel"
                                : "per-tensor") + " weights, " + (n.getOpType().equals("Conv") ? "ConvInteger"
                                : "MatMulInteger")));
            } else {
                q.out.add(n);
                q.decisions.put(n.getName(), new NodeDecision(n.getName(), n.getOpType(), false, why));
            }
        }
        if (converted == 0) {
            throw new InvalidModelException("no node of " + modelName + " can be quantized dynamically: dynamic INT8"
                    + " converts MatMul, Gemm and Conv nodes with constant float32 weights, and it has none");
        }
        GraphProto g = index.graph().toBuilder().clearNode().addAllNode(q.out).addAllInitializer(q.added)
                .clearValueInfo().build();
        return new Conversion(Topology.sort(GraphPreparation.dropUnusedInitializers(g)),
                new ArrayList<>(q.decisions.values()), MIN_OPSET);
    }

    private String refusal(NodeProto n) {
        if (cfg.excludedNodes().contains(n.getName())) {
            return "excluded by name in the configuration";
        }
        if (cfg.excludedOpTypes().contains(n.getOpType())) {
            return "operator type excluded in the configuration";
        }
        String op = n.getOpType();
        if (!op.equals("MatMul") && !op.equals("Gemm") && !op.equals("Conv")) {
            return "dynamic quantization converts MatMul, Gemm and Conv only; it runs in float";
        }
        if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
            return "operator of domain " + n.getDomain();
        }
        if (n.getInputCount() < 2 || !types.isFloat(n.getInput(0))) {
            return "its input is not float32";
        }
        TensorProto w = index.initializer(n.getInput(1));
        if (w == null || w.getDataType() != Tensors.FLOAT) {
            return "its weight is not a constant float32 tensor";
        }
        if (op.equals("MatMul") && w.getDimsCount() != 2) {
            return "MatMul weights of rank " + w.getDimsCount() + " are left in float (2-D only)";
        }
        if (op.equals("Conv") && w.getDimsCount() != 4) {
            return "only 2-D convolutions (4-D weights) are converted";
        }
        if (op.equals("Gemm")) {
            if (Attributes.intOr(n, "transA", 0) != 0) {
                return "Gemm with transA=1 is left in float";
            }
            if (n.getInputCount() > 2 && !n.getInput(2).isEmpty() && index.initializer(n.getInput(2)) == null
                    && Attributes.floatOr(n, "beta", 1f) != 1f) {
                return "Gemm with a computed C and beta != 1 is left in float";
            }
        }
        if (n.getInputCount() > 2 && !n.getInput(2).isEmpty() && op.equals("Conv")
                && index.initializer(n.getInput(2)) == null) {
            return "its bias is computed at run time";
        }
        return null;
    }

    /** @return {quantized, scale, zero point} of x, made once per tensor */
    private String[] quantizedInput(String x) {
        return quantizedInputs.computeIfAbsent(x, k -> {
            String[] o = {index.fresh(x + "_quantized"), index.fresh(x + "_scale"), index.fresh(x + "_zero_point")};
            out.add(Attributes.node("DynamicQuantizeLinear", index.fresh(x + "_DynamicQuantizeLinear"),
                    new String[] {x}, o));
            return o;
        });
    }

    private void rewrite(NodeProto n) {
        String op = n.getOpType();
        TensorProto w = index.initializer(n.getInput(1));
        float[] wf = Tensors.floats(w);
        long[] wd = Tensors.dims(w);
        float alpha = 1f;
        if (op.equals("Gemm")) {
            alpha = Attributes.floatOr(n, "alpha", 1f);
            if (Attributes.intOr(n, "transB", 0) != 0) {
                wf = transpose(wf, (int) wd[0], (int) wd[1]);
                wd = new long[] {wd[1], wd[0]};
            }
        }
        boolean conv = op.equals("Conv");
        int axis = cfg.perChannel() ? (conv ? 0 : 1) : -1;
        WeightQuantization wq = WeightQuantization.symmetric(wf, wd, axis);
        String[] xq = quantizedInput(n.getInput(0));
        String base = n.getName();
        String wName = index.fresh(w.getName() + "_quantized");
        String wZp = index.fresh(w.getName() + "_zero_point");
        added.add(Tensors.ofBytes(wName, Tensors.INT8, wd, wq.values));
        added.add(Tensors.zeroPoint(wZp, Tensors.INT8, new long[0], 0));
        String acc = index.fresh(base + "_int32");
        if (conv) {
            List<AttributeProto> attrs = n.getAttributeList();
            out.add(Attributes.node("ConvInteger", index.fresh(base + "_ConvInteger"),
                    new String[] {xq[0], wName, xq[2], wZp}, new String[] {acc},
                    attrs.toArray(new AttributeProto[0])));
        } else {
            out.add(Attributes.node("MatMulInteger", index.fresh(base + "_MatMulInteger"),
                    new String[] {xq[0], wName, xq[2], wZp}, new String[] {acc}));
        }
        String accF = index.fresh(base + "_float");
        out.add(Attributes.node("Cast", index.fresh(base + "_Cast"), new String[] {acc}, new String[] {accF},
                Attributes.ofInt("to", Tensors.FLOAT)));
        float[] ws = wq.scales.clone();
        for (int i = 0; i < ws.length; i++) {
            ws[i] *= alpha;
        }
        long[] sDims = ws.length == 1 ? new long[0] : conv ? new long[] {1, ws.length, 1, 1}
                : new long[] {ws.length};
        String wScale = index.fresh(w.getName() + "_scale");
        added.add(Tensors.ofFloats(wScale, sDims, ws));
        String scale = index.fresh(base + "_scale");
        out.add(Attributes.node("Mul", index.fresh(base + "_scale_Mul"), new String[] {xq[1], wScale},
                new String[] {scale}));
        String bias = biasOf(n, wd);
        String result = n.getOutput(0);
        if (bias == null) {
            out.add(Attributes.node("Mul", index.fresh(base + "_Mul"), new String[] {accF, scale},
                    new String[] {result}));
        } else {
            String scaled = index.fresh(base + "_scaled");
            out.add(Attributes.node("Mul", index.fresh(base + "_Mul"), new String[] {accF, scale},
                    new String[] {scaled}));
            out.add(Attributes.node("Add", index.fresh(base + "_bias_Add"), new String[] {scaled, bias},
                    new String[] {result}));
        }
    }

    /** @return the bias to add after scaling (Conv bias as [1, M, 1, 1], Gemm beta x C), or null */
    private String biasOf(NodeProto n, long[] wd) {
        if (n.getInputCount() < 3 || n.getInput(2).isEmpty()) {
            return null;
        }
        String c = n.getInput(2);
        TensorProto t = index.initializer(c);
        if (n.getOpType().equals("Conv")) {
            String name = index.fresh(c + "_broadcast");
            added.add(Tensors.ofFloats(name, new long[] {1, wd[0], 1, 1}, Tensors.floats(t)));
            return name;
        }
        float beta = Attributes.floatOr(n, "beta", 1f);
        if (t == null) {
            return c; // beta is 1 (checked)
        }
        float[] v = Tensors.floats(t);
        for (int i = 0; i < v.length; i++) {
            v[i] *= beta;
        }
        String name = index.fresh(c + "_scaled");
        added.add(Tensors.ofFloats(name, Tensors.dims(t), v));
        return name;
    }

    private static float[] transpose(float[] a, int rows, int cols) {
        float[] t = new float[a.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = a[r * cols + c];
            }
        }
        return t;
    }
}
