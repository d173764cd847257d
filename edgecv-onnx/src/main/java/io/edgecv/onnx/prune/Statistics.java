package io.edgecv.onnx.prune;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.edgecv.EdgeCvException;
import io.edgecv.onnx.quantize.OnnxGraphTools;
import io.edgecv.prune.PruningListener;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The data-driven importance's statistics: for each consumer, the matrix of its input channels' contributions to
 * its output, G[i][j] = cov(x_i, x_j) x (w_i . w_j), where x are the input channels at sampled positions of the
 * calibration images (centred, since the refit absorbs a mean shift into the bias) and w_i the consumer's weights
 * for input channel i over all outputs and kernel taps. Removing a set S of channels changes the consumer's output
 * by sum over i, j in S of G[i][j] (exact for 1x1 convolutions and Gemm; for larger kernels the spatial
 * correlation between taps is approximated by the channel covariance): the ThiNet criterion.
 *
 * <p>Thread-safety: stateless.
 */
final class Statistics {
    private Statistics() {
    }

    static Map<ChannelUse, DMatrixRMaj> contributions(ModelProto model, ChannelGraph cg, List<ChannelUse> consumers,
                                                      CalibrationInputs inputs, int samples, int threads,
                                                      PruningListener listener) throws EdgeCvException {
        List<String> tensors = new ArrayList<>();
        for (ChannelUse u : consumers) {
            if (!tensors.contains(u.node().getInput(0))) {
                tensors.add(u.node().getInput(0));
            }
        }
        Map<String, DMatrixRMaj> sums = new LinkedHashMap<>();
        Map<String, double[]> means = new LinkedHashMap<>();
        long[] counts = new long[tensors.size()];
        try (TensorTap tap = new TensorTap(model, tensors, inputs.shape(), threads)) {
            tap.run(inputs, (image, values, shapes) -> {
                for (int k = 0; k < values.length; k++) {
                    counts[k] += accumulate(tensors.get(k), values[k], shapes[k], samples, image, sums, means);
                }
                listener.progress("statistics", image + 1, inputs.size());
            });
        }
        Map<ChannelUse, DMatrixRMaj> out = new LinkedHashMap<>();
        for (ChannelUse u : consumers) {
            String t = u.node().getInput(0);
            int k = tensors.indexOf(t);
            DMatrixRMaj cov = sums.get(t).copy();
            double[] mean = means.get(t);
            int l = mean.length;
            double n = Math.max(1, counts[k]);
            for (int i = 0; i < l; i++) {
                for (int j = 0; j < l; j++) {
                    cov.set(i, j, cov.get(i, j) / n - (mean[i] / n) * (mean[j] / n));
                }
            }
            CommonOps_DDRM.elementMult(cov, weightGram(cg, u));
            out.put(u, cov);
        }
        return out;
    }

    private static int accumulate(String tensor, FloatBuffer x, long[] shape, int samples, int image,
                                  Map<String, DMatrixRMaj> sums, Map<String, double[]> means) {
        int c = (int) shape[1];
        int hw = 1;
        for (int d = 2; d < shape.length; d++) {
            hw *= (int) shape[d];
        }
        int[] pos = Patches.sample(hw, samples, 31L * image + tensor.hashCode());
        DMatrixRMaj p = new DMatrixRMaj(pos.length, c);
        double[] mean = means.computeIfAbsent(tensor, k -> new double[c]);
        for (int s = 0; s < pos.length; s++) {
            for (int ch = 0; ch < c; ch++) {
                double v = x.get(ch * hw + pos[s]);
                p.unsafe_set(s, ch, v);
                mean[ch] += v;
            }
        }
        DMatrixRMaj sum = sums.computeIfAbsent(tensor, k -> new DMatrixRMaj(c, c));
        CommonOps_DDRM.multAddTransA(p, p, sum);
        return pos.length;
    }

    /** @return W^T W over the consumer's input-channel axis: entry (i, j) = sum of w[.., i, ..] * w[.., j, ..] */
    static DMatrixRMaj weightGram(ChannelGraph cg, ChannelUse u) {
        TensorProto t = cg.initializer(u.node().getInput(u.input()));
        float[] w = OnnxGraphTools.floats(t);
        int l = (int) t.getDims(u.axis());
        long outer = 1;
        for (int d = 0; d < u.axis(); d++) {
            outer *= t.getDims(d);
        }
        int inner = 1;
        for (int d = u.axis() + 1; d < t.getDimsCount(); d++) {
            inner *= (int) t.getDims(d);
        }
        // rows: one per (outer, inner) pair; columns: the channel
        DMatrixRMaj m = new DMatrixRMaj((int) (outer * inner), l);
        for (int o = 0; o < outer; o++) {
            for (int c = 0; c < l; c++) {
                for (int i = 0; i < inner; i++) {
                    m.unsafe_set(o * inner + i, c, w[(o * l + c) * inner + i]);
                }
            }
        }
        DMatrixRMaj g = new DMatrixRMaj(l, l);
        CommonOps_DDRM.multTransA(m, m, g);
        return g;
    }
}
