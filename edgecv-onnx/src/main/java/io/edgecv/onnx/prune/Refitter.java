package io.edgecv.onnx.prune;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.edgecv.EdgeCvException;
import io.edgecv.onnx.quantize.OnnxGraphTools;
import io.edgecv.prune.PruningListener;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training-free recovery (He et al. 2017, ThiNet): after a consumer convolution lost input channels, its weights
 * and bias are refitted by ridge least squares so that, fed the already-pruned network's activations, its outputs
 * match the unpruned network's on the calibration images: minimise ||[X 1] theta - Y||^2 + lambda ||W - W0||^2 (W0 the
 * layer's weights with the removed inputs sliced off, so that inputs the calibration images leave still keep their
 * original effect), solved
 * through the normal equations with EJML's Cholesky solver. Consumers are refitted in graph order, in waves of
 * consumers whose inputs do not depend on one another, each wave seeing the network pruned and refitted so far.
 * The k x k convolutions are fitted on im2col patches; Gemm/MatMul consumers are sliced, not refitted.
 *
 * <p>Thread-safety: stateless.
 */
final class Refitter {
    private static final Logger LOG = LoggerFactory.getLogger(Refitter.class);
    private Refitter() {
    }

    /** What one refit did. */
    record Result(String node, double errorBefore, double errorAfter, double energy) {
    }

    /** The normal-equation sums of one consumer. */
    private static final class Sums {
        final RefitTargets.Target target;
        final NodeProto node;
        final TensorProto weights;
        final TensorProto bias;
        final Patches patches;
        final int[] channels;
        final int k;
        final int cout;
        final DMatrixRMaj a;
        final DMatrixRMaj bt;
        final double[] ySum;
        double yy;
        long count;

        Sums(RefitTargets.Target target, GraphProto g) {
            this.target = target;
            this.node = find(g, target.node);
            this.weights = initializer(g, node.getInput(1));
            this.bias = node.getInputCount() > 2 && !node.getInput(2).isEmpty() ? initializer(g, node.getInput(2))
                    : null;
            this.cout = (int) weights.getDims(0);
            int cin = (int) weights.getDims(1);
            this.patches = new Patches(node, weights.getDimsList().stream().mapToLong(Long::longValue).toArray());
            this.k = cin * patches.taps() + 1;
            this.channels = new int[cin];
            for (int c = 0; c < cin; c++) {
                channels[c] = c;
            }
            this.a = new DMatrixRMaj(k, k);
            this.bt = new DMatrixRMaj(k, cout);
            this.ySum = new double[cout];
        }
    }

    /**
     * Refits a wave of consumers whose inputs do not depend on one another, in one pass over the images.
     *
     * @param pruned the pruned model so far (inputs); the returned model has the refitted weights
     * @param wave the consumers' targets from the unpruned model
     * @param results where each consumer's errors go
     * @param refit whether to refit (else only measure the error)
     */
    static ModelProto refitWave(ModelProto pruned, List<RefitTargets.Target> wave, CalibrationInputs inputs,
                                double ridge, boolean refit, int threads, PruningListener listener,
                                List<Result> results) throws EdgeCvException {
        GraphProto g = pruned.getGraph();
        List<Sums> sums = new ArrayList<>();
        List<String> tensors = new ArrayList<>();
        for (RefitTargets.Target t : wave) {
            Sums s = new Sums(t, g);
            if (s.cout != t.keptOut.length) {
                throw new IllegalStateException(t.node + " has " + s.cout + " outputs, its targets "
                        + t.keptOut.length);
            }
            sums.add(s);
            tensors.add(s.node.getInput(0));
        }
        long t0 = System.nanoTime();
        long runs = 0;
        long sums0 = 0;
        try (TensorTap source = new TensorTap(pruned, tensors, inputs.shape(), threads)) {
            t0 = System.nanoTime() - t0;
            for (int i = 0; i < inputs.size(); i++) {
                long r0 = System.nanoTime();
                source.runOne(inputs.tensors().get(i));
                long r1 = System.nanoTime();
                for (int w = 0; w < sums.size(); w++) {
                    accumulate(sums.get(w), i, source.values()[w], source.shapes()[w]);
                }
                runs += r1 - r0;
                sums0 += System.nanoTime() - r1;
                listener.progress("refit " + wave.get(0).node + (wave.size() > 1 ? " and " + (wave.size() - 1)
                        + " more" : ""), i + 1, inputs.size());
            }
        }
        long t1 = System.nanoTime();
        ModelProto m = pruned;
        for (Sums s : sums) {
            m = solve(m, s, ridge, refit, results);
        }
        LOG.debug("refit of {}: session {} ms, ONNX Runtime runs {} ms, normal equations {} ms, solves {} ms",
                wave.get(0).node, t0 / 1_000_000, runs / 1_000_000, sums0 / 1_000_000,
                (System.nanoTime() - t1) / 1_000_000);
        return m;
    }

    private static void accumulate(Sums s, int image, FloatBuffer x, long[] xShape) {
        int[] pos = s.target.positions.get(image);
        float[] y = s.target.values.get(image);
        DMatrixRMaj p = new DMatrixRMaj(pos.length, s.k);
        DMatrixRMaj t = new DMatrixRMaj(pos.length, s.cout);
        double[] row = new double[s.k];
        for (int n = 0; n < pos.length; n++) {
            s.patches.patch(x, xShape, s.channels, pos[n], s.target.outW, row, 0);
            row[s.k - 1] = 1;
            System.arraycopy(row, 0, p.data, n * s.k, s.k);
            for (int o = 0; o < s.cout; o++) {
                double v = y[n * s.cout + o];
                t.data[n * s.cout + o] = v;
                s.ySum[o] += v;
                s.yy += v * v;
            }
        }
        s.count += pos.length;
        CommonOps_DDRM.multAddTransA(p, p, s.a);
        CommonOps_DDRM.multAddTransA(p, t, s.bt);
    }

    private static ModelProto solve(ModelProto pruned, Sums s, double ridge, boolean refit, List<Result> results) {
        int k = s.k;
        int cout = s.cout;
        double energy = s.yy;
        for (double v : s.ySum) {
            energy -= v * v / Math.max(1, s.count);
        }
        DMatrixRMaj theta = new DMatrixRMaj(k, cout);
        float[] wv = OnnxGraphTools.floats(s.weights);
        float[] bv = s.bias == null ? new float[cout] : OnnxGraphTools.floats(s.bias);
        for (int o = 0; o < cout; o++) {
            for (int f = 0; f < k - 1; f++) {
                theta.unsafe_set(f, o, wv[o * (k - 1) + f]);
            }
            theta.unsafe_set(k - 1, o, bv[o]);
        }
        DMatrixRMaj a = s.a;
        DMatrixRMaj bt = s.bt;
        double yy = s.yy;
        String node = s.node.getName();
        NodeProto n = s.node;
        TensorProto w = s.weights;
        double before = residual(a, bt, yy, theta) / Math.max(energy, 1e-12);
        if (!refit) {
            results.add(new Result(node, before, Double.NaN, energy));
            return pruned;
        }
        double diag = 0;
        for (int f = 0; f < k - 1; f++) {
            diag += a.get(f, f);
        }
        double lambda = ridge * Math.max(diag / Math.max(1, k - 1), 1e-12);
        DMatrixRMaj fit = ridgeTowards(a, bt, theta, lambda);
        if (fit == null) {
            results.add(new Result(node, before, before, energy));
            return pruned;
        }
        double after = residual(a, bt, yy, fit) / Math.max(energy, 1e-12);
        if (!(after < before)) {
            results.add(new Result(node, before, before, energy)); // never make a layer worse
            return pruned;
        }
        float[] nw = new float[wv.length];
        float[] nb = new float[cout];
        for (int o = 0; o < cout; o++) {
            for (int f = 0; f < k - 1; f++) {
                nw[o * (k - 1) + f] = (float) fit.get(f, o);
            }
            nb[o] = (float) fit.get(k - 1, o);
        }
        results.add(new Result(node, before, after, energy));
        return replace(pruned, n, w, nw, nb);
    }

    /**
     * Solves min ||X theta - Y||^2 + lambda ||W - W0||^2 from its normal-equation sums, where theta = [W; b] (the last
     * row, the bias, is not penalised): (A + lambda I') theta = B + lambda I' theta0. The penalty pulls towards the
     * layer's own (sliced) weights, not towards zero, so that in directions the calibration images do not excite (a
     * class they never show) the layer keeps answering as it did.
     *
     * @param a X'X (k x k, the last row and column from the constant 1)
     * @param bt X'Y (k x cout)
     * @param theta0 the current weights and bias (k x cout)
     * @return the fit, or null if the system is not positive definite
     */
    static DMatrixRMaj ridgeTowards(DMatrixRMaj a, DMatrixRMaj bt, DMatrixRMaj theta0, double lambda) {
        int k = a.numRows;
        DMatrixRMaj reg = a.copy();
        DMatrixRMaj rhs = bt.copy();
        for (int f = 0; f < k - 1; f++) {
            reg.add(f, f, lambda);
            for (int o = 0; o < bt.numCols; o++) {
                rhs.add(f, o, lambda * theta0.get(f, o));
            }
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(k);
        if (!solver.setA(reg)) {
            return null;
        }
        DMatrixRMaj fit = new DMatrixRMaj(k, bt.numCols);
        solver.solve(rhs, fit);
        return fit;
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
