package io.edgecv.onnx.prune;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.edgecv.EdgeCvException;
import io.edgecv.onnx.quantize.OnnxGraphTools;
import io.edgecv.prune.PruningListener;
import java.nio.FloatBuffer;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Training-free recovery (He et al. 2017, ThiNet): after a consumer convolution lost input channels, its weights
 * and bias are refitted by ridge least squares so that, fed the already-pruned network's activations, its outputs
 * match the unpruned network's on the calibration images: minimise ||[X 1] theta - Y||^2 + lambda ||W||^2, solved
 * through the normal equations with EJML's Cholesky solver. Consumers are refitted one by one in graph order, each
 * seeing the inputs of the network pruned and refitted so far.
 *
 * <p>Thread-safety: stateless.
 */
final class Refitter {
    private Refitter() {
    }

    /** What one refit did. */
    record Result(ModelProto model, double errorBefore, double errorAfter, double energy) {
    }

    /**
     * @param original the unpruned model (targets)
     * @param pruned the pruned model so far (inputs); the result replaces the consumer's weights in it
     * @param node the consumer convolution's name
     * @param keptOut the consumer's output channels still in the pruned model, as indices of the original's
     * @param refit whether to refit (else only measure the error)
     */
    static Result refit(ModelProto original, ModelProto pruned, String node, int[] keptOut, CalibrationInputs inputs,
                        int samples, double ridge, boolean refit, int threads, PruningListener listener)
            throws EdgeCvException {
        GraphProto g = pruned.getGraph();
        NodeProto n = find(g, node);
        TensorProto w = initializer(g, n.getInput(1));
        TensorProto b = n.getInputCount() > 2 && !n.getInput(2).isEmpty() ? initializer(g, n.getInput(2)) : null;
        int cout = (int) w.getDims(0);
        int cin = (int) w.getDims(1);
        Patches patches = new Patches(n, w.getDimsList().stream().mapToLong(Long::longValue).toArray());
        int taps = patches.taps();
        int k = cin * taps + 1;
        int[] channels = new int[cin];
        for (int c = 0; c < cin; c++) {
            channels[c] = c;
        }
        DMatrixRMaj a = new DMatrixRMaj(k, k);
        DMatrixRMaj bt = new DMatrixRMaj(k, cout);
        double[] ySum = new double[cout];
        double yy = 0;
        long count = 0;
        try (TensorTap target = new TensorTap(original, java.util.List.of(n.getOutput(0)), inputs.shape(), threads);
             TensorTap source = new TensorTap(pruned, java.util.List.of(n.getInput(0)), inputs.shape(), threads)) {
            for (int i = 0; i < inputs.size(); i++) {
                float[] in = inputs.tensors().get(i);
                target.runOne(in);
                source.runOne(in);
                FloatBuffer y = target.values()[0];
                long[] yShape = target.shapes()[0];
                int outW = yShape.length > 3 ? (int) yShape[3] : 1;
                int hw = yShape.length > 3 ? (int) (yShape[2] * yShape[3]) : 1;
                int[] pos = Patches.sample(hw, samples, 31L * i + node.hashCode());
                DMatrixRMaj p = new DMatrixRMaj(pos.length, k);
                DMatrixRMaj t = new DMatrixRMaj(pos.length, cout);
                double[] row = new double[k];
                for (int s = 0; s < pos.length; s++) {
                    patches.patch(source.values()[0], source.shapes()[0], channels, pos[s], outW, row, 0);
                    row[k - 1] = 1;
                    System.arraycopy(row, 0, p.data, s * k, k);
                    for (int o = 0; o < cout; o++) {
                        double v = y.get(keptOut[o] * hw + pos[s]);
                        t.unsafe_set(s, o, v);
                        ySum[o] += v;
                        yy += v * v;
                    }
                }
                count += pos.length;
                CommonOps_DDRM.multAddTransA(p, p, a);
                CommonOps_DDRM.multAddTransA(p, t, bt);
                listener.progress("refit " + node, i + 1, inputs.size());
            }
        }
        double energy = yy;
        for (double s : ySum) {
            energy -= s * s / Math.max(1, count);
        }
        DMatrixRMaj theta = new DMatrixRMaj(k, cout);
        float[] wv = OnnxGraphTools.floats(w);
        float[] bv = b == null ? new float[cout] : OnnxGraphTools.floats(b);
        for (int o = 0; o < cout; o++) {
            for (int f = 0; f < k - 1; f++) {
                theta.unsafe_set(f, o, wv[o * (k - 1) + f]);
            }
            theta.unsafe_set(k - 1, o, bv[o]);
        }
        double before = residual(a, bt, yy, theta) / Math.max(energy, 1e-12);
        if (!refit) {
            return new Result(pruned, before, Double.NaN, energy);
        }
        double diag = 0;
        for (int f = 0; f < k - 1; f++) {
            diag += a.get(f, f);
        }
        double lambda = ridge * Math.max(diag / Math.max(1, k - 1), 1e-12);
        DMatrixRMaj reg = a.copy();
        for (int f = 0; f < k - 1; f++) {
            reg.add(f, f, lambda);
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(k);
        DMatrixRMaj fit = new DMatrixRMaj(k, cout);
        if (!solver.setA(reg)) {
            return new Result(pruned, before, before, energy);
        }
        solver.solve(bt, fit);
        double after = residual(a, bt, yy, fit) / Math.max(energy, 1e-12);
        if (!(after < before)) {
            return new Result(pruned, before, before, energy); // never make a layer worse
        }
        float[] nw = new float[wv.length];
        float[] nb = new float[cout];
        for (int o = 0; o < cout; o++) {
            for (int f = 0; f < k - 1; f++) {
                nw[o * (k - 1) + f] = (float) fit.get(f, o);
            }
            nb[o] = (float) fit.get(k - 1, o);
        }
        return new Result(replace(pruned, n, w, nw, nb), before, after, energy);
    }

    /** @return sum of squared residuals of theta from the normal-equation sums: yy - 2 tr(theta' B) + tr(theta' A theta) */
    private static double residual(DMatrixRMaj a, DMatrixRMaj bt, double yy, DMatrixRMaj theta) {
        DMatrixRMaj at = new DMatrixRMaj(a.numRows, theta.numCols);
        CommonOps_DDRM.mult(a, theta, at);
        double quad = 0;
        double cross = 0;
        for (int i = 0; i < theta.data.length; i++) {
            quad += theta.data[i] * at.data[i];
            cross += theta.data[i] * bt.data[i];
        }
        return Math.max(0, yy - 2 * cross + quad);
    }

    private static ModelProto replace(ModelProto m, NodeProto n, TensorProto w, float[] weights, float[] bias) {
        GraphProto.Builder gb = m.getGraph().toBuilder();
        String wName = n.getName() + "_W_refit";
        String bName = n.getName() + "_B_refit";
        gb.addInitializer(OnnxGraphTools.ofFloats(wName, w.getDimsList().stream().mapToLong(Long::longValue).toArray(),
                weights));
        gb.addInitializer(OnnxGraphTools.ofFloats(bName, new long[] {bias.length}, bias));
        for (int i = 0; i < gb.getNodeCount(); i++) {
            if (gb.getNode(i).getName().equals(n.getName())) {
                NodeProto.Builder nb = gb.getNode(i).toBuilder().setInput(1, wName);
                if (nb.getInputCount() > 2) {
                    nb.setInput(2, bName);
                } else {
                    nb.addInput(bName);
                }
                gb.setNode(i, nb);
            }
        }
        GraphProto cleaned = OnnxGraphTools.dropUnusedInitializers(removeInitializers(gb.build(), wName, bName));
        return m.toBuilder().setGraph(cleaned).build();
    }

    /** Drops older initializers named like the new ones (a consumer refitted in an earlier step). */
    private static GraphProto removeInitializers(GraphProto g, String wName, String bName) {
        GraphProto.Builder b = g.toBuilder().clearInitializer();
        boolean[] seen = new boolean[2];
        for (int i = g.getInitializerCount() - 1; i >= 0; i--) {
            TensorProto t = g.getInitializer(i);
            int which = t.getName().equals(wName) ? 0 : t.getName().equals(bName) ? 1 : -1;
            if (which >= 0) {
                if (seen[which]) {
                    continue;
                }
                seen[which] = true;
            }
            b.addInitializer(t);
        }
        return b.build();
    }

    private static NodeProto find(GraphProto g, String name) {
        for (NodeProto n : g.getNodeList()) {
            if (n.getName().equals(name)) {
                return n;
            }
        }
        throw new IllegalStateException("node " + name + " is not in the pruned graph");
    }

    private static TensorProto initializer(GraphProto g, String name) {
        for (TensorProto t : g.getInitializerList()) {
            if (t.getName().equals(name)) {
                return t;
            }
        }
        throw new IllegalStateException("initializer " + name + " is not in the pruned graph");
    }
}
