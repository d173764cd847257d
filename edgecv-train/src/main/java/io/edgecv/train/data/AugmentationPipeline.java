package io.edgecv.train.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Augmentations applied in order, each with its probability: for every step one number is drawn from the
 * generator (whether or not the step runs) and the step runs when it is below the probability. Every draw comes
 * from the one generator, so one seed gives one sequence of images. A usual detector recipe:
 *
 * <pre>{@code
 * AugmentationPipeline aug = AugmentationPipeline.builder()
 *         .add(new HorizontalFlip(), 0.5)
 *         .add(ScaleJitter.builder().setOutputSize(300, 300).optZoom(0.5, 1.5).build(), 1.0)
 *         .add(ColourJitter.builder().optBrightness(0.2).optContrast(0.2).optSaturation(0.2).optHue(0.02)
 *                 .build(), 0.8)
 *         .build();
 * aug.apply(sample, new java.util.SplittableRandom(seed));
 * }</pre>
 *
 * <p>Thread-safety: immutable; safe to share when its steps are (those of this package are).
 */
public final class AugmentationPipeline implements Augmentation {
    private final List<Augmentation> steps;
    private final double[] probabilities;

    private AugmentationPipeline(List<Augmentation> steps, double[] probabilities) {
        this.steps = steps;
        this.probabilities = probabilities;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void apply(TrainingSample sample, RandomGenerator random) {
        Objects.requireNonNull(sample, "sample");
        Objects.requireNonNull(random, "random");
        for (int i = 0; i < steps.size(); i++) {
            if (random.nextDouble() < probabilities[i]) {
                steps.get(i).apply(sample, random);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("AugmentationPipeline[");
        for (int i = 0; i < steps.size(); i++) {
            b.append(i == 0 ? "" : ", ").append(steps.get(i)).append(" p=").append(probabilities[i]);
        }
        return b.append(']').toString();
    }

    /**
     * Builds an {@link AugmentationPipeline}.
     *
     * <p>Thread-safety: not thread-safe.
     */
    public static final class Builder {
        private final List<Augmentation> steps = new ArrayList<>();
        private final List<Double> probabilities = new ArrayList<>();

        private Builder() {
        }

        /**
         * @param step the augmentation
         * @param probability chance it runs on an image, 0 to 1
         * @return this
         */
        public Builder add(Augmentation step, double probability) {
            Objects.requireNonNull(step, "step");
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("probability must be 0 to 1, got " + probability);
            }
            steps.add(step);
            probabilities.add(probability);
            return this;
        }

        /** @return the pipeline (possibly empty: then it changes nothing) */
        public AugmentationPipeline build() {
            double[] p = new double[probabilities.size()];
            for (int i = 0; i < p.length; i++) {
                p[i] = probabilities.get(i);
            }
            return new AugmentationPipeline(List.copyOf(steps), p);
        }
    }
}
