package io.edgecv.onnx.quantize;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Folds inference BatchNormalization into the Conv before it (W' = W x gamma / sqrt(var + eps) per output channel,
 * b' = (b - mean) x gamma / sqrt(var + eps) + beta), so that the quantizer sees one Conv with its true weights.
 * ONNX Runtime's basic level does this already; this catches what it left (for example a Conv whose output has
 * other readers is left alone here too).
 *
 * <p>Thread-safety: stateless.
 */
final class BatchNormFolding {
    private BatchNormFolding() {
    }

    static GraphProto fold(GraphProto g) {
        GraphIndex index = new GraphIndex(g);
        Set<NodeProto> removed = new HashSet<>();
        List<NodeProto> nodes = new ArrayList<>(g.getNodeList());
        List<TensorProto> added = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto conv = nodes.get(i);
            if (!conv.getOpType().equals("Conv") || !conv.getDomain().isEmpty() || conv.getInputCount() < 2) {
                continue;
            }
            String out = conv.getOutput(0);
            List<NodeProto> readers = index.consumers(out);
            if (readers.size() != 1 || index.isGraphOutput(out)) {
                continue;
            }
            NodeProto bn = readers.get(0);
            if (!bn.getOpType().equals("BatchNormalization") || bn.getOutputCount() != 1 || bn.getInputCount() != 5
                    || Attributes.intOr(bn, "training_mode", 0) != 0) {
                continue;
            }
            TensorProto w = index.initializer(conv.getInput(1));
            TensorProto b = conv.getInputCount() > 2 && !conv.getInput(2).isEmpty()
                    ? index.initializer(conv.getInput(2)) : null;
            TensorProto[] p = new TensorProto[4];
            boolean constant = w != null && w.getDataType() == Tensors.FLOAT
                    && (b != null || conv.getInputCount() < 3 || conv.getInput(2).isEmpty());
            for (int k = 0; k < 4 && constant; k++) {
                p[k] = index.initializer(bn.getInput(k + 1));
                constant = p[k] != null && p[k].getDataType() == Tensors.FLOAT;
            }
            if (!constant) {
                continue;
            }
            float[] gamma = Tensors.floats(p[0]);
            float[] beta = Tensors.floats(p[1]);
            float[] mean = Tensors.floats(p[2]);
            float[] var = Tensors.floats(p[3]);
            float eps = Attributes.floatOr(bn, "epsilon", 1e-5f);
            float[] weights = Tensors.floats(w);
            int channels = Math.toIntExact(w.getDims(0));
            if (gamma.length != channels || beta.length != channels || mean.length != channels
                    || var.length != channels) {
                continue;
            }
            float[] bias = b == null ? new float[channels] : Tensors.floats(b);
            int per = weights.length / channels;
            float[] newBias = new float[channels];
            for (int c = 0; c < channels; c++) {
                float f = (float) (gamma[c] / Math.sqrt(var[c] + (double) eps));
                for (int k = 0; k < per; k++) {
                    weights[c * per + k] *= f;
                }
                newBias[c] = (bias[c] - mean[c]) * f + beta[c];
            }
            String wName = index.fresh(w.getName() + "_bn_folded");
            String bName = index.fresh((b == null ? conv.getName() + "_bias" : b.getName()) + "_bn_folded");
            added.add(Tensors.ofFloats(wName, Tensors.dims(w), weights));
            added.add(Tensors.ofFloats(bName, new long[] {channels}, newBias));
            NodeProto.Builder nb = conv.toBuilder().clearInput().addInput(conv.getInput(0)).addInput(wName)
                    .addInput(bName).setOutput(0, bn.getOutput(0));
            nodes.set(i, nb.build());
            removed.add(bn);
        }
        if (removed.isEmpty()) {
            return g;
        }
        GraphProto.Builder gb = g.toBuilder().clearNode();
        for (NodeProto n : nodes) {
            if (!removed.contains(n)) {
                gb.addNode(n);
            }
        }
        gb.addAllInitializer(added);
        return GraphPreparation.dropUnusedInitializers(gb.build());
    }
}
