package io.edgecv.onnx.quantize;

/**
 * The clipping threshold that minimises the KL divergence between a histogram of magnitudes and its quantized
 * version, as TensorRT's entropy calibrator (and ONNX Runtime's, after it) does: for each candidate threshold i
 * (from the number of target levels up to the full histogram), the reference distribution P is the first i bins
 * with everything beyond folded into the last; Q merges those bins into the target number of levels and spreads
 * each level evenly over its non-empty bins; the i with the smallest KL(P || Q) wins.
 *
 * <p>Thread-safety: stateless.
 */
final class EntropyThreshold {
    private EntropyThreshold() {
    }

    /**
     * @param hist magnitude histogram, bins of equal width over [0, limit]
     * @param limit the magnitude at the histogram's right edge
     * @param levels quantized levels to fit (128 for int8 magnitudes, 256 for non-negative uint8)
     * @return the threshold magnitude
     */
    static float threshold(long[] hist, float limit, int levels) {
        int bins = hist.length;
        if (bins <= levels) {
            return limit;
        }
        // skip empty tails to save work: the threshold never lies past the last non-empty bin
        int last = bins - 1;
        while (last > 0 && hist[last] == 0) {
            last--;
        }
        if (last < levels) {
            return limit * (last + 1) / bins;
        }
        double bestKl = Double.POSITIVE_INFINITY;
        int best = bins;
        double[] p = new double[bins];
        double[] q = new double[bins];
        long total = 0;
        long[] suffix = new long[bins + 1];
        for (int k = bins - 1; k >= 0; k--) {
            suffix[k] = suffix[k + 1] + hist[k];
        }
        total = suffix[0];
        // every other candidate: the threshold moves by 1/1024 of the range at most, at half the cost
        for (int i = levels; i <= last + 1; i += 2) {
            long outliers = suffix[i];
            for (int k = 0; k < i; k++) {
                p[k] = hist[k];
            }
            p[i - 1] += outliers;
            // merge i bins into `levels` levels, then expand back over the non-empty bins
            double per = (double) i / levels;
            for (int j = 0; j < levels; j++) {
                int start = (int) Math.floor(j * per);
                int end = j == levels - 1 ? i : (int) Math.floor((j + 1) * per);
                double sum = 0;
                int nonEmpty = 0;
                for (int k = start; k < end; k++) {
                    sum += hist[k];
                    if (hist[k] != 0) {
                        nonEmpty++;
                    }
                }
                for (int k = start; k < end; k++) {
                    q[k] = hist[k] == 0 || nonEmpty == 0 ? 0 : sum / nonEmpty;
                }
            }
            double kl = divergence(p, q, i, total);
            if (kl < bestKl) {
                bestKl = kl;
                best = i;
            }
        }
        return limit * (best + 0.5f) / bins;
    }

    /** KL(P || Q) of the first n bins, each normalised; bins where Q is 0 but P is not get a tiny Q. */
    private static double divergence(double[] p, double[] q, int n, long total) {
        double ps = 0;
        double qs = 0;
        for (int k = 0; k < n; k++) {
            ps += p[k];
            qs += q[k];
        }
        if (ps == 0 || qs == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double eps = 1e-4 / Math.max(1, total);
        double kl = 0;
        for (int k = 0; k < n; k++) {
            if (p[k] == 0) {
                continue;
            }
            double pk = p[k] / ps;
            double qk = q[k] == 0 ? eps : q[k] / qs;
            kl += pk * Math.log(pk / qk);
        }
        return kl;
    }
}
