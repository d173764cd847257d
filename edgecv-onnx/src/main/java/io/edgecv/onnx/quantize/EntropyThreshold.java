package io.edgecv.onnx.quantize;

/**
 * Entropy (KL-divergence) calibration: the clipping range whose 8-bit version of a tensor's histogram loses the
 * least information. Two published definitions, reimplemented from their descriptions:
 *
 * <ul>
 *   <li>{@link #tensorRt}: TensorRT's entropy calibrator (Migacz, "8-bit Inference with TensorRT", GTC 2017; the
 *       algorithm MXNet's {@code _get_optimal_threshold} follows): a 2048-bin histogram of magnitudes; for every
 *       candidate {@code i} in {@code [128, 2048)} the reference P is the first {@code i} bins with all outliers
 *       added to the last; Q merges those {@code i} bins into 128 levels ({@code i / 128} bins each, the last level
 *       taking the rest) and spreads each level's count evenly over its bins where P is non-zero; P and Q are
 *       smoothed (zeros get 1e-4, taken evenly from the non-zeros) and normalised; the threshold is
 *       {@code (m + 0.5)} bin widths for the {@code m} of least KL(P || Q). Used for symmetric int8.</li>
 *   <li>{@link #onnxRuntime}: ONNX Runtime's {@code HistogramCollector.get_entropy_threshold}: a signed histogram;
 *       windows grow symmetrically around the bin holding 0, from {@code quantizedBins / 2} bins a side to the
 *       whole histogram; outliers of each side fold into the window's end bins; Q merges the window into
 *       {@code quantizedBins} levels ({@code window / quantizedBins} bins each, leftovers added to the last level's
 *       count but not spread), spreads each level over the bins where P is non-zero <em>in integers</em> (ONNX
 *       Runtime's Q is an int64 array, so the spread values are truncated), then smooths as above. The window of
 *       least KL gives (left edge, right edge), clamped to the values seen. Used for asymmetric uint8, on
 *       ONNX Runtime's own histogram ({@link GrowingHistogram}: 128 bins over the first image's range, widened by
 *       later images), so that it picks the range ONNX Runtime would.</li>
 * </ul>
 * Both keep exact zeros in the histogram and test every candidate.
 *
 * <p>Thread-safety: stateless.
 */
final class EntropyThreshold {
    /** TensorRT's quantized levels of magnitude (int8: 127 steps a side). */
    static final int TENSORRT_LEVELS = 128;
    /** ONNX Runtime's default {@code num_quantized_bins}. */
    static final int ONNXRUNTIME_QUANTIZED_BINS = 128;
    /** Smoothing of both implementations. */
    static final double EPS = 1e-4;

    private EntropyThreshold() {
    }

    /**
     * @param hist magnitude histogram, bins of equal width over [0, limit] (TensorRT uses 2048)
     * @param limit the magnitude at the histogram's right edge
     * @return the threshold magnitude
     */
    static float tensorRt(long[] hist, float limit) {
        int bins = hist.length;
        if (bins <= TENSORRT_LEVELS) {
            return limit;
        }
        long[] suffix = new long[bins + 1];
        for (int k = bins - 1; k >= 0; k--) {
            suffix[k] = suffix[k + 1] + hist[k];
        }
        double[] p = new double[bins];
        double[] q = new double[bins];
        double bestKl = Double.POSITIVE_INFINITY;
        int best = bins - 1;
        for (int i = TENSORRT_LEVELS; i < bins; i++) {
            for (int k = 0; k < i; k++) {
                p[k] = hist[k];
            }
            p[i - 1] += suffix[i];
            expand(hist, 0, i, p, q, TENSORRT_LEVELS, true, false);
            double kl = divergence(p, q, i);
            if (kl < bestKl) {
                bestKl = kl;
                best = i;
            }
        }
        return (float) ((best + 0.5) * limit / bins);
    }

    /**
     * @param hist signed histogram, bins of equal width over [-limit, limit]
     * @param limit the histogram's right edge
     * @param quantizedBins ONNX Runtime's {@code num_quantized_bins}
     * @param seenMin the smallest value seen
     * @param seenMax the largest value seen
     * @return {lo, hi}
     */
    static float[] onnxRuntime(long[] hist, float limit, int quantizedBins, float seenMin, float seenMax) {
        int bins = hist.length;
        int zero = bins / 2;
        int half = quantizedBins / 2;
        if (zero < half) {
            return new float[] {seenMin, seenMax};
        }
        long[] prefix = new long[bins + 1];
        for (int k = 0; k < bins; k++) {
            prefix[k + 1] = prefix[k] + hist[k];
        }
        double[] p = new double[bins];
        double[] q = new double[bins];
        double bestKl = Double.POSITIVE_INFINITY;
        int bestStart = 0;
        int bestEnd = bins;
        for (int i = half; i <= zero; i++) {
            int start = zero - i;
            int end = Math.min(zero + i + 1, bins);
            int n = end - start;
            for (int k = 0; k < n; k++) {
                p[k] = hist[start + k];
            }
            p[0] += prefix[start];
            p[n - 1] += prefix[bins] - prefix[end];
            expand(hist, start, n, p, q, quantizedBins, false, true);
            double kl = divergence(p, q, n);
            if (kl < bestKl) { // first minimum, as numpy's argmin
                bestKl = kl;
                bestStart = start;
                bestEnd = end;
            }
        }
        float lo = -limit + 2 * limit * bestStart / bins;
        float hi = -limit + 2 * limit * bestEnd / bins;
        return new float[] {Math.max(lo, seenMin), Math.min(hi, seenMax)};
    }

    /**
     * Q: the {@code n} bins of {@code hist} from {@code start} merged into {@code levels} levels, each spread back
     * over the bins where {@code p} is non-zero.
     *
     * @param lastTakesRest TensorRT/MXNet: the last level spans the leftover bins too; ONNX Runtime: the leftovers
     *                      count in the last level's sum but are not spread over
     * @param integer ONNX Runtime: spread values truncated to integers, and bins where P is 0 get the value too
     */
    static void expand(long[] hist, int start, int n, double[] p, double[] q, int levels, boolean lastTakesRest,
                       boolean integer) {
        int merged = n / levels;
        for (int k = 0; k < n; k++) {
            q[k] = 0;
        }
        for (int j = 0; j < levels; j++) {
            int s = j * merged;
            int e = s + merged;
            long sum = 0;
            for (int k = s; k < e; k++) {
                sum += hist[start + k];
            }
            if (j == levels - 1) {
                for (int k = levels * merged; k < n; k++) {
                    sum += hist[start + k];
                }
                if (lastTakesRest) {
                    e = n;
                }
            }
            int norm = 0;
            for (int k = s; k < e; k++) {
                if (p[k] != 0) {
                    norm++;
                }
            }
            if (norm == 0) {
                continue;
            }
            double v = integer ? Math.floor((double) sum / norm) : (double) sum / norm;
            for (int k = s; k < e; k++) {
                q[k] = integer || p[k] != 0 ? v : 0;
            }
        }
    }

    /** KL(P || Q) over the first n bins after smoothing both; infinite if either is all zeros. */
    static double divergence(double[] p, double[] q, int n) {
        if (!smooth(p, n) || !smooth(q, n)) {
            return Double.POSITIVE_INFINITY;
        }
        double ps = 0;
        double qs = 0;
        for (int k = 0; k < n; k++) {
            ps += p[k];
            qs += q[k];
        }
        double kl = 0;
        for (int k = 0; k < n; k++) {
            double pk = p[k] / ps;
            kl += pk * Math.log(pk / (q[k] / qs));
        }
        return kl;
    }

    /**
     * Gives every zero bin {@link #EPS}, taking the same total evenly from the non-zero bins.
     *
     * @return false if all bins are zero (or a non-zero bin would drop to 0 or below)
     */
    static boolean smooth(double[] h, int n) {
        int zeros = 0;
        for (int k = 0; k < n; k++) {
            if (h[k] == 0) {
                zeros++;
            }
        }
        int nonZeros = n - zeros;
        if (nonZeros == 0) {
            return false;
        }
        double eps1 = EPS * zeros / nonZeros;
        for (int k = 0; k < n; k++) {
            h[k] = h[k] == 0 ? EPS : h[k] - eps1;
            if (h[k] <= 0) {
                return false;
            }
        }
        return true;
    }
}
