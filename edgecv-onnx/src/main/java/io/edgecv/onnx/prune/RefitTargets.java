package io.edgecv.onnx.prune;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.edgecv.EdgeCvException;
import io.edgecv.prune.PruningListener;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What the refitted consumers must reproduce: the unpruned model's outputs of every consumer at sampled positions of
 * every calibration image, gathered in one pass (one ONNX Runtime session tapping all of them) and kept in memory,
 * within a budget of {@value #BUDGET_FLOATS} floats: the positions per image shrink when there are many images
 * and channels.
 *
 * <p>Thread-safety: immutable after {@link #collect}.
 */
final class RefitTargets {
    /** At most this many target values are kept (about 200 MB). */
    static final long BUDGET_FLOATS = 50_000_000L;

    /** One consumer's targets. */
    static final class Target {
        final String node;
        final int[] keptOut;
        final List<int[]> positions = new ArrayList<>();
        final List<float[]> values = new ArrayList<>();
        int outW;

        Target(String node, int[] keptOut) {
            this.node = node;
            this.keptOut = keptOut;
        }
    }

    private RefitTargets() {
    }

    /**
     * @param outputs each consumer's output tensor in {@code original}, in the order of {@code targets}
     */
    static void collect(ModelProto original, List<Target> targets, List<String> outputs, CalibrationInputs inputs,
                        int samples, int threads, PruningListener listener) throws EdgeCvException {
        long channels = 0;
        for (Target t : targets) {
            channels += t.keptOut.length;
        }
        int perImage = (int) Math.max(16, Math.min(samples, BUDGET_FLOATS / Math.max(1, channels * inputs.size())));
        try (TensorTap tap = new TensorTap(original, outputs, inputs.shape(), threads)) {
            for (int i = 0; i < inputs.size(); i++) {
                tap.runOne(inputs.tensors().get(i));
                for (int k = 0; k < targets.size(); k++) {
                    Target t = targets.get(k);
                    long[] shape = tap.shapes()[k];
                    FloatBuffer y = tap.values()[k];
                    int hw = shape.length > 3 ? (int) (shape[2] * shape[3]) : 1;
                    t.outW = shape.length > 3 ? (int) shape[3] : 1;
                    int[] pos = Patches.sample(hw, perImage, 31L * i + t.node.hashCode());
                    float[] v = new float[pos.length * t.keptOut.length];
                    for (int s = 0; s < pos.length; s++) {
                        for (int o = 0; o < t.keptOut.length; o++) {
                            v[s * t.keptOut.length + o] = y.get(t.keptOut[o] * hw + pos[s]);
                        }
                    }
                    t.positions.add(pos);
                    t.values.add(v);
                }
                listener.progress("refit targets", i + 1, inputs.size());
            }
        }
    }
}
