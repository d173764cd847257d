package io.edgecv.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's optimisation: AdamW (decoupled weight decay, Loshchilov and Hutter) under a cosine learning-rate
 * schedule, after clipping the gradients' global L2 norm (as PyTorch's {@code clip_grad_norm_}).
 *
 * <p>AdamW is written out here (a few tensor operations per parameter) rather than taken from DJL because DJL's
 * {@code AdamW} keeps its moment estimates private, and a checkpoint must hold them to resume exactly
 * ({@link #save}, {@link #load}). The schedule: {@code lr(s) = final + (peak − final)·(1 + cos(π·s/total))/2} for
 * step {@code s} from 0, with {@code final = peak/100}. A step whose gradients are not finite (an overflow in the
 * batch) is skipped, its gradients zeroed, and logged: applied, it would make every weight NaN for good.
 *
 * <p>Thread-safety: not thread-safe; one per training loop.
 */
public final class StudentOptimizer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StudentOptimizer.class);
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final int totalSteps;
    private final float peak;
    private final float weightDecay;
    private final double maxGradNorm;
    private final NDManager state = Libtorch.engine().newBaseManager();
    private final Map<String, NDArray> mean = new LinkedHashMap<>();
    private final Map<String, NDArray> variance = new LinkedHashMap<>();
    private int steps;
    private int skipped;

    private StudentOptimizer(Builder b) {
        this.totalSteps = b.totalSteps;
        this.peak = b.learningRate;
        this.weightDecay = b.weightDecay;
        this.maxGradNorm = b.maxGradNorm;
    }

    /** @return a builder; {@link Builder#setTotalSteps(int)} is required */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the learning rate of the next step on the cosine schedule */
    public float learningRate() {
        int s = Math.min(steps, totalSteps);
        float last = peak * 0.01f;
        return (float) (last + (peak - last) * (1 + Math.cos(Math.PI * s / totalSteps)) / 2);
    }

    /**
     * Clips the gradients and updates every trainable parameter of the graph in place (call after the backward
     * pass, outside the gradient collector); the gradients are zeroed for the next step.
     *
     * @return the gradients' global L2 norm before clipping
     */
    public double step(OnnxTrainingGraph graph) {
        double sumSquares = 0;
        try (NDScope temporaries = new NDScope()) {
            for (NDArray p : graph.parameters().values()) {
                if (p.hasGradient()) {
                    // squared in double: a float32 square overflows from 1.8e19, and the clip must still scale it
                    sumSquares += p.getGradient().toType(DataType.FLOAT64, false).square().sum().getDouble();
                }
            }
        }
        double norm = Math.sqrt(sumSquares);
        if (!Double.isFinite(norm)) {
            // an overflow somewhere in the batch: applying it would make every weight NaN for good
            for (NDArray p : graph.parameters().values()) {
                if (p.hasGradient()) {
                    p.getGradient().set(new NDIndex("..."), 0f); // not muli(0): inf * 0 is NaN
                }
            }
            skipped++;
            LOG.warn("step {}: the gradients are not finite (norm {}); the update is skipped ({} so far)", steps + 1,
                    norm, skipped);
            steps++;
            return norm;
        }
        float clip = norm > maxGradNorm ? (float) (maxGradNorm / (norm + 1e-6)) : 1f;
        float lr = learningRate();
        int t = steps + 1;
        float bias1 = (float) (1 - Math.pow(BETA1, t));
        float bias2 = (float) (1 - Math.pow(BETA2, t));
        for (Map.Entry<String, NDArray> e : graph.parameters().entrySet()) {
            NDArray p = e.getValue();
            if (!p.hasGradient()) {
                continue;
            }
            NDArray m = mean.computeIfAbsent(e.getKey(), k -> state.zeros(p.getShape(), p.getDataType()));
            NDArray v = variance.computeIfAbsent(e.getKey(), k -> state.zeros(p.getShape(), p.getDataType()));
            try (NDScope temporaries = new NDScope()) {
                NDArray g = p.getGradient();
                NDArray clipped = g.mul(clip);
                m.muli(BETA1).addi(clipped.mul(1 - BETA1));
                v.muli(BETA2).addi(clipped.square().mul(1 - BETA2));
                NDArray update = m.div(bias1).div(v.div(bias2).sqrt().add(EPSILON)).add(p.mul(weightDecay));
                p.subi(update.mul(lr));
                g.muli(0); // the next backward pass accumulates from zero
            }
        }
        steps++;
        return norm;
    }

    /** @return how many steps of this run were skipped because their gradients were not finite */
    public int skippedSteps() {
        return skipped;
    }

    /** @return how many steps were taken (restored by {@link #load}) */
    public int steps() {
        return steps;
    }

    /** @return the schedule's length */
    public int totalSteps() {
        return totalSteps;
    }

    /** Writes the step count and AdamW's moment estimates (for a checkpoint). */
    public void save(DataOutputStream out) throws IOException {
        out.writeInt(steps);
        out.writeInt(mean.size());
        for (String name : mean.keySet()) {
            out.writeUTF(name);
            writeFloats(out, mean.get(name).toFloatArray());
            writeFloats(out, variance.get(name).toFloatArray());
        }
    }

    /**
     * Restores what {@link #save} wrote; the graph's parameters give the shapes.
     *
     * @throws IOException if the stream names a parameter the graph does not have or its size differs
     */
    public void load(DataInputStream in, OnnxTrainingGraph graph) throws IOException {
        int s = in.readInt();
        int n = in.readInt();
        Map<String, NDArray> m = new LinkedHashMap<>();
        Map<String, NDArray> v = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            NDArray p = graph.parameters().get(name);
            float[] a = readFloats(in);
            float[] b = readFloats(in);
            if (p == null || a.length != p.getShape().size() || b.length != a.length) {
                throw new IOException("the optimizer state holds '" + name + "' (" + a.length + " values), which the"
                        + " student does not have in that size: the checkpoint is of another model");
            }
            m.put(name, state.create(a, p.getShape()).toType(p.getDataType(), false));
            v.put(name, state.create(b, p.getShape()).toType(p.getDataType(), false));
        }
        mean.values().forEach(NDArray::close);
        variance.values().forEach(NDArray::close);
        mean.clear();
        variance.clear();
        mean.putAll(m);
        variance.putAll(v);
        steps = s;
    }

    private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        out.writeInt(a.length);
        for (float f : a) {
            out.writeFloat(f);
        }
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > 1 << 28) {
            throw new IOException("the optimizer state is corrupt: an array of " + n + " values");
        }
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readFloat();
        }
        return a;
    }

    /** Frees the moment estimates; idempotent. */
    @Override
    public void close() {
        state.close();
    }

    /**
     * Settings for {@link StudentOptimizer}.
     *
     * <p>Thread-safety: not thread-safe.
     */
    public static final class Builder {
        private int totalSteps = -1;
        private float learningRate = 1e-3f;
        private float weightDecay = 0.01f;
        private double maxGradNorm = 1.0;

        private Builder() {
        }

        /** @param steps the schedule's length: the learning rate falls along a cosine to 1% over it (required) */
        public Builder setTotalSteps(int steps) {
            if (steps < 1) {
                throw new IllegalArgumentException("total steps " + steps + " is not >= 1");
            }
            this.totalSteps = steps;
            return this;
        }

        /** @param rate the peak learning rate, > 0 (default 1e-3) */
        public Builder optLearningRate(float rate) {
            if (!(rate > 0)) {
                throw new IllegalArgumentException("learning rate " + rate + " is not > 0");
            }
            this.learningRate = rate;
            return this;
        }

        /** @param decay AdamW's decoupled weight decay, >= 0 (default 0.01) */
        public Builder optWeightDecay(float decay) {
            if (!(decay >= 0)) {
                throw new IllegalArgumentException("weight decay " + decay + " is not >= 0");
            }
            this.weightDecay = decay;
            return this;
        }

        /** @param norm the largest global gradient norm, > 0 (default 1.0, as in the seed) */
        public Builder optMaxGradNorm(double norm) {
            if (!(norm > 0)) {
                throw new IllegalArgumentException("max gradient norm " + norm + " is not > 0");
            }
            this.maxGradNorm = norm;
            return this;
        }

        public StudentOptimizer build() {
            if (totalSteps < 1) {
                throw new IllegalStateException("setTotalSteps is required");
            }
            return new StudentOptimizer(this);
        }
    }
}
