package io.edgecv.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.optimizer.AdamW;
import ai.djl.training.tracker.CosineTracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The seed's optimisation: AdamW (DJL's) under a cosine learning-rate schedule (DJL's {@link CosineTracker}),
 * after clipping the gradients' global L2 norm (as PyTorch's {@code clip_grad_norm_}; DJL's own clipping is per
 * element, so the global norm is done here).
 *
 * <p>Thread-safety: not thread-safe; one per training loop.
 */
public final class StudentOptimizer {
    private final AdamW adamW;
    private final double maxGradNorm;
    private int steps;

    private StudentOptimizer(Builder b) {
        CosineTracker schedule = CosineTracker.builder().setBaseValue(b.learningRate)
                .optFinalValue(b.learningRate * 0.01f).setMaxUpdates(b.totalSteps).build();
        this.adamW = AdamW.builder().optLearningRateTracker(schedule).optWeightDecays(b.weightDecay).build();
        this.maxGradNorm = b.maxGradNorm;
    }

    /** @return a builder; {@link Builder#setTotalSteps(int)} is required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Clips the gradients and updates every trainable parameter of the graph in place (call after the backward
     * pass, outside the gradient collector).
     *
     * @return the gradients' global L2 norm before clipping
     */
    public double step(OnnxTrainingGraph graph) {
        List<Map.Entry<String, NDArray>> withGrad = new ArrayList<>();
        double sumSquares = 0;
        try (NDScope temporaries = new NDScope()) {
            for (Map.Entry<String, NDArray> e : graph.parameters().entrySet()) {
                if (e.getValue().hasGradient()) {
                    sumSquares += e.getValue().getGradient().square().sum()
                            .toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
                    withGrad.add(e);
                }
            }
        }
        double norm = Math.sqrt(sumSquares);
        float scale = norm > maxGradNorm ? (float) (maxGradNorm / (norm + 1e-6)) : 1f;
        for (Map.Entry<String, NDArray> e : withGrad) {
            // outside any scope: AdamW keeps its moment estimates across steps
            NDArray g = e.getValue().getGradient();
            NDArray update = scale == 1f ? g : g.mul(scale);
            adamW.update(e.getKey(), e.getValue(), update);
            g.muli(0); // the next backward pass starts from zero, whatever the collector does
            if (update != g) {
                update.close();
            }
            g.close(); // the wrapper only: the parameter keeps its gradient tensor
        }
        steps++;
        return norm;
    }

    /** @return how many steps were taken */
    public int steps() {
        return steps;
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
