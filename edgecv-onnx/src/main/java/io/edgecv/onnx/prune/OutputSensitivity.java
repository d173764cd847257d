package io.edgecv.onnx.prune;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.edgecv.EdgeCvException;
import io.edgecv.prune.PruningConfig;
import io.edgecv.prune.PruningListener;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sensitivity pass: how much each group's removals change the model's <em>final outputs</em>, so that the global
 * ranking compares groups in one unit. The ThiNet costs of {@link Selection#greedy} are relative errors at each
 * group's own consumers, and a 2% error at the input of an output head, or in a residual stream that every later
 * block reads, does far more harm than 2% inside an inverted-residual block whose projection absorbs it. So each
 * group in turn is pruned alone by its probe count (the most the global ranking may take from it) in its greedy
 * order, without refit, and a few calibration images are run through the whole model; the relative change of the
 * outputs, E, divided by the ThiNet cost predicted for those removals, C, is the group's amplification, and every
 * removal's cost of the group is multiplied by it. The order within a group stays ThiNet's; the costs become
 * output-level errors (the greedy shape, scaled to the measured end point).
 *
 * <p>Thread-safety: stateless.
 */
final class OutputSensitivity {
    private static final Logger LOG = LoggerFactory.getLogger(OutputSensitivity.class);

    private OutputSensitivity() {
    }

    /**
     * @param model the model being pruned (the one {@code cg} analyses)
     * @param orders every group's greedy removal order
     * @param images the calibration inputs; {@link PruningConfig#sensitivityImages()} of them, evenly spaced, are run
     * @return the orders with costs in units of relative output error
     */
    static List<Selection.Order> scale(ModelProto model, ChannelGraph cg, List<Selection.Order> orders,
                                       CalibrationInputs images, PruningConfig cfg, long[] inputShape, long opset,
                                       PruningListener listener) throws EdgeCvException {
        List<float[]> inputs = spaced(images.tensors(), cfg.sensitivityImages());
        List<String> outputs = model.getGraph().getOutputList().stream().map(ValueInfoProto::getName).toList();
        List<float[][]> reference = run(model, outputs, inputs, inputShape, cfg.threads());
        double[] energy = energy(reference);
        List<Selection.Order> scaled = new ArrayList<>();
        for (int i = 0; i < orders.size(); i++) {
            Selection.Order o = orders.get(i);
            int probe = Selection.maxRemovals(o, cfg);
            if (probe <= 0) {
                scaled.add(o);
                continue;
            }
            Set<Integer> removed = new HashSet<>();
            for (int k = 0; k < probe; k++) {
                removed.add(o.classes()[k]);
            }
            StructuredStep.keepOneEverywhere(cg, removed, cfg.roundTo());
            ModelProto pruned = model.toBuilder().setGraph(ChannelRewriter.apply(cg, removed, opset)).build();
            double measured = error(reference, run(pruned, outputs, inputs, inputShape, cfg.threads()), energy);
            double predicted = 0;
            for (int k = 0; k < probe; k++) {
                predicted += o.cost()[k];
            }
            double[] cost = new double[o.cost().length];
            for (int k = 0; k < cost.length; k++) {
                // a group whose greedy costs are all zero (no measured consumer) spreads the measurement evenly
                cost[k] = predicted > 1e-12 ? o.cost()[k] * measured / predicted : measured / probe;
            }
            LOG.debug("sensitivity of {}: {} removals change the outputs by {} (ThiNet predicted {})",
                    o.group().name(), probe, measured, predicted);
            scaled.add(new Selection.Order(o.group(), o.classes(), cost, o.macsPerChannel()));
            listener.progress("sensitivity", i + 1, orders.size());
        }
        return scaled;
    }

    /** @return n of the tensors, evenly spaced (photos and frames alike, when the list holds both) */
    static List<float[]> spaced(List<float[]> all, int n) {
        if (n >= all.size()) {
            return all;
        }
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(all.get((int) ((long) i * all.size() / n)));
        }
        return out;
    }

    private static List<float[][]> run(ModelProto m, List<String> outputs, List<float[]> inputs, long[] inputShape,
                                       int threads) throws EdgeCvException {
        List<float[][]> out = new ArrayList<>();
        try (TensorTap tap = new TensorTap(m, outputs, inputShape, threads)) {
            for (float[] in : inputs) {
                tap.runOne(in);
                float[][] y = new float[outputs.size()][];
                for (int k = 0; k < y.length; k++) {
                    FloatBuffer b = tap.values()[k].duplicate();
                    b.rewind();
                    y[k] = new float[b.remaining()];
                    b.get(y[k]);
                }
                out.add(y);
            }
        }
        return out;
    }

    /** @return per output, the sum over images of its squared deviation from its mean (the error's unit) */
    private static double[] energy(List<float[][]> ref) {
        double[] e = new double[ref.get(0).length];
        for (int k = 0; k < e.length; k++) {
            double sum = 0;
            double sq = 0;
            long n = 0;
            for (float[][] y : ref) {
                for (float v : y[k]) {
                    sum += v;
                    sq += (double) v * v;
                    n++;
                }
            }
            e[k] = Math.max(sq - sum * sum / Math.max(1, n), 1e-12);
        }
        return e;
    }

    /** @return the relative squared change of the outputs, averaged over the outputs */
    private static double error(List<float[][]> ref, List<float[][]> got, double[] energy) {
        double total = 0;
        for (int k = 0; k < energy.length; k++) {
            double d = 0;
            for (int i = 0; i < ref.size(); i++) {
                float[] a = ref.get(i)[k];
                float[] b = got.get(i)[k];
                for (int j = 0; j < a.length; j++) {
                    double x = a[j] - b[j];
                    d += x * x;
                }
            }
            total += d / energy[k];
        }
        return total / energy.length;
    }
}
