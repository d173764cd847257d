package io.edgecv.decode;

/**
 * What turns a model's raw class output into a score in [0, 1].
 *
 * <p>Thread-safety: immutable.
 */
public enum Activation {
    /** The output already is a probability. */
    NONE,
    /** Logistic sigmoid of a logit. */
    SIGMOID;

    /**
     * @param raw the model's value
     * @return the score
     */
    public float apply(float raw) {
        return this == SIGMOID ? sigmoid(raw) : raw;
    }

    /**
     * The raw value at which {@link #apply} reaches {@code score}: comparing raw values against it skips the
     * exponential for the many candidates below threshold.
     *
     * @param score a score threshold in [0, 1]
     * @return the matching raw threshold
     */
    public float rawThreshold(float score) {
        if (this == NONE) {
            return score;
        }
        if (score <= 0f) {
            return Float.NEGATIVE_INFINITY;
        }
        if (score >= 1f) {
            return Float.POSITIVE_INFINITY;
        }
        // a hair below the exact logit, so rounding never drops a candidate the sigmoid would keep
        return (float) Math.log(score / (1.0 - score)) - 1e-6f;
    }

    /**
     * @param x a logit
     * @return {@code 1 / (1 + e^-x)}
     */
    public static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }
}
