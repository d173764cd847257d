package io.edgecv.onnx.prune;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.edgecv.EdgeCvException;
import io.edgecv.onnx.quantize.OnnxGraphTools;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parameters and multiply-accumulates of a model: the output shapes of its convolutions and Gemm/MatMul nodes come
 * from one ONNX Runtime run on a zero input; MACs = output elements x (input channels / groups) x kernel taps.
 *
 * <p>Thread-safety: immutable after construction.
 *
 * @param params float weights and biases
 * @param macs multiply-accumulates of one inference
 * @param nodeMacs MACs per weighted node
 * @param zeroFraction fraction of weighted nodes' weights that are exactly zero
 */
record ModelCost(long params, long macs, Map<String, Long> nodeMacs, double zeroFraction) {

    static ModelCost of(ModelProto m, long[] inputShape, int threads) throws EdgeCvException {
        GraphProto g = m.getGraph();
        Map<String, TensorProto> inits = new HashMap<>();
        long params = 0;
        for (TensorProto t : g.getInitializerList()) {
            inits.put(t.getName(), t);
            if (t.getDataType() == TensorProto.DataType.FLOAT_VALUE) {
                params += t.getDimsList().stream().reduce(1L, (x, y) -> x * y);
            }
        }
        List<NodeProto> weighted = new ArrayList<>();
        List<String> outs = new ArrayList<>();
        long zeros = 0;
        long weights = 0;
        for (NodeProto n : g.getNodeList()) {
            String op = n.getOpType();
            if ((op.equals("Conv") || op.equals("Gemm") || op.equals("MatMul")) && n.getInputCount() > 1
                    && inits.containsKey(n.getInput(1))) {
                weighted.add(n);
                outs.add(n.getOutput(0));
                TensorProto w = inits.get(n.getInput(1));
                if (w.getDataType() == TensorProto.DataType.FLOAT_VALUE) {
                    for (float v : OnnxGraphTools.floats(w)) {
                        zeros += v == 0f ? 1 : 0;
                    }
                    weights += w.getDimsList().stream().reduce(1L, (x, y) -> x * y);
                }
            }
        }
        Map<String, Long> nodeMacs = new LinkedHashMap<>();
        long total = 0;
        if (!outs.isEmpty()) {
            try (TensorTap tap = new TensorTap(m, outs, inputShape, threads)) {
                int n = 1;
                for (long d : inputShape) {
                    n *= (int) d;
                }
                tap.runOne(new float[n]);
                for (int k = 0; k < weighted.size(); k++) {
                    NodeProto node = weighted.get(k);
                    long outElems = 1;
                    for (long d : tap.shapes()[k]) {
                        outElems *= d;
                    }
                    TensorProto w = inits.get(node.getInput(1));
                    long perOut;
                    if (node.getOpType().equals("Conv")) {
                        perOut = 1;
                        for (int d = 1; d < w.getDimsCount(); d++) {
                            perOut *= w.getDims(d);
                        }
                    } else {
                        boolean transB = OnnxGraphTools.intAttribute(node, "transB", 0) != 0;
                        perOut = w.getDims(node.getOpType().equals("Gemm") && transB ? 1 : 0);
                    }
                    long macs = outElems * perOut;
                    nodeMacs.put(node.getName(), macs);
                    total += macs;
                }
            }
        }
        return new ModelCost(params, total, nodeMacs, weights == 0 ? 0 : (double) zeros / weights);
    }
}
