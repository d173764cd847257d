package io.edgecv.onnx.quantize;

/**
 * What calibration saw of one tensor: its minimum and maximum (first pass) and, for the histogram methods, a
 * histogram of its values over [-A, A] with A the largest magnitude seen (second pass), {@link #BINS} bins a side
 * so that the magnitudes fold into the 2048-bin histogram TensorRT's entropy calibrator uses.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class TensorStatistics {
    /** Histogram bins on each side of zero. */
    static final int BINS = 2048;

    private final String tensor;
    private float min = Float.POSITIVE_INFINITY;
    private float max = Float.NEGATIVE_INFINITY;
    private long[] histogram;
    private float limit;
    private long count;
    private final GrowingHistogram growing = new GrowingHistogram();

    TensorStatistics(String tensor) {
        this.tensor = tensor;
    }

    String tensor() {
        return tensor;
    }

    /** First pass: widens the min/max by the first {@code n} values. NaNs are ignored. */
    void observe(float[] values, int n) {
        float lo = min;
        float hi = max;
        for (int i = 0; i < n; i++) {
            float v = values[i];
            if (v < lo) {
                lo = v;
            }
            if (v > hi) {
                hi = v;
            }
        }
        min = lo;
        max = hi;
    }

    /**
     * Second pass: adds the first {@code n} values (one image) to the histogram over [-A, A] and to ONNX Runtime's
     * growing histogram.
     */
    void histogram(float[] values, int n) {
        growing.add(values, n);
        if (histogram == null) {
            histogram = new long[2 * BINS];
            limit = Math.max(Math.abs(min), Math.abs(max));
        }
        if (limit == 0f || !Float.isFinite(limit)) {
            count += n;
            histogram[BINS] += n;
            return;
        }
        float perUnit = BINS / limit;
        long[] h = histogram;
        for (int i = 0; i < n; i++) {
            int b = (int) Math.floor(values[i] * perUnit) + BINS;
            if (b < 0) {
                b = 0;
            } else if (b >= 2 * BINS) {
                b = 2 * BINS - 1;
            }
            h[b]++;
        }
        count += n;
    }

    boolean seen() {
        return min <= max;
    }

    float min() {
        return min;
    }

    float max() {
        return max;
    }

    /** @return the signed histogram, 2 x {@link #BINS} bins over [-limit, limit], or null after the first pass */
    long[] signedHistogram() {
        return histogram;
    }

    /** @return the histogram of magnitudes, {@link #BINS} bins over [0, limit] */
    long[] magnitudeHistogram() {
        long[] m = new long[BINS];
        for (int i = 0; i < BINS; i++) {
            m[i] = histogram[BINS + i] + histogram[BINS - 1 - i];
        }
        return m;
    }

    /** @return ONNX Runtime's entropy histogram, over [-t, t] with t = {@link #growingThreshold()} */
    long[] growingHistogram() {
        return growing.counts();
    }

    /** @return the growing histogram's half range */
    double growingThreshold() {
        return growing.threshold();
    }

    /** @return A: the histogram covers [-A, A] */
    float limit() {
        return limit;
    }

    long count() {
        return count;
    }
}
