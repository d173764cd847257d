package io.edgecv.onnx.quantize;

/**
 * The signed histogram ONNX Runtime's entropy calibrator collects ({@code HistogramCollector.collect_value} and
 * {@code merge_histogram}), reimplemented: the first batch (here: one calibration image) fixes
 * {@link #INITIAL_BINS} bins over {@code [-t, t]}, {@code t} its largest magnitude; a later batch reaching past
 * {@code t} widens the histogram by whole bins of the same width on both sides. Bins follow {@code numpy.histogram}:
 * {@code floor((x - lo) / width)}, the right edge falling in the last bin, values outside the range and NaN
 * ignored; a zero range becomes {@code [-0.5, 0.5]} as numpy makes it.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class GrowingHistogram {
    /** ONNX Runtime's default {@code num_bins} for entropy calibration. */
    static final int INITIAL_BINS = 128;

    private long[] hist;
    private double threshold;

    /** Adds one batch. */
    void add(float[] values, int n) {
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float v = values[i];
            if (v < lo) {
                lo = v;
            }
            if (v > hi) {
                hi = v;
            }
        }
        if (n == 0 || lo > hi) {
            lo = 0f;
            hi = 0f;
        }
        double t = Math.max(Math.abs((double) lo), Math.abs((double) hi));
        if (hist == null) {
            hist = count(values, n, INITIAL_BINS, t);
            threshold = t;
        } else if (t <= threshold) {
            add(hist, count(values, n, hist.length, threshold), 0);
        } else if (threshold == 0) {
            long[] h = count(values, n, hist.length, t);
            add(h, hist, 0);
            hist = h;
            threshold = t;
        } else {
            double stride = 2 * threshold / hist.length;
            int half = (int) (Math.floor((t - threshold) / stride) + 1);
            int bins = hist.length + 2 * half;
            double widened = half * stride + threshold;
            long[] h = count(values, n, bins, widened);
            add(h, hist, half);
            hist = h;
            threshold = widened;
        }
    }

    private static void add(long[] into, long[] from, int offset) {
        for (int i = 0; i < from.length; i++) {
            into[offset + i] += from[i];
        }
    }

    /** {@code numpy.histogram(values, bins, range=(-t, t))}. */
    static long[] count(float[] values, int n, int bins, double t) {
        double lo = -t;
        double hi = t;
        if (lo == hi) {
            lo -= 0.5;
            hi += 0.5;
        }
        long[] h = new long[bins];
        double norm = bins / (hi - lo);
        for (int i = 0; i < n; i++) {
            double v = values[i];
            if (!(v >= lo && v <= hi)) {
                continue;
            }
            int b = (int) ((v - lo) * norm);
            h[Math.min(b, bins - 1)]++;
        }
        return h;
    }

    /** @return the counts, or null before the first batch */
    long[] counts() {
        return hist;
    }

    /** @return the histogram covers [-threshold, threshold] */
    double threshold() {
        return threshold;
    }
}
