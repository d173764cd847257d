package io.edgecv.onnx.quantize;

import io.edgecv.quantize.ActivationType;
import io.edgecv.quantize.CalibrationMethod;

/**
 * Turns what calibration saw of a tensor into the range to quantize: MinMax keeps everything; Percentile clips each
 * tail at the configured percentile; Entropy takes the KL-optimal range: TensorRT's search over magnitudes for
 * int8 symmetric activations, ONNX Runtime's search over signed windows for uint8 (see {@link EntropyThreshold}).
 * Clipping never moves the range outward past what was seen; {@link QuantParams} then includes 0.
 *
 * <p>Thread-safety: immutable.
 */
final class RangeSelector {
    private final CalibrationMethod method;
    private final double percentile;
    private final ActivationType type;

    RangeSelector(CalibrationMethod method, double percentile, ActivationType type) {
        this.method = method;
        this.percentile = percentile;
        this.type = type;
    }

    boolean needsHistogram() {
        return method != CalibrationMethod.MINMAX;
    }

    /** @return {lo, hi} */
    float[] select(TensorStatistics s) {
        float lo = s.min();
        float hi = s.max();
        if (method == CalibrationMethod.MINMAX || s.signedHistogram() == null || s.limit() == 0f) {
            return new float[] {lo, hi};
        }
        if (method == CalibrationMethod.PERCENTILE) {
            if (type == ActivationType.INT8_SYMMETRIC) {
                float t = quantile(s.magnitudeHistogram(), s.limit(), percentile / 100.0);
                return new float[] {Math.max(lo, -t), Math.min(hi, t)};
            }
            long[] h = s.signedHistogram();
            float qLo = -s.limit() + 2 * s.limit() * quantileBin(h, (100.0 - percentile) / 100.0, false) / h.length;
            float qHi = -s.limit() + 2 * s.limit() * quantileBin(h, percentile / 100.0, true) / h.length;
            return new float[] {Math.max(lo, Math.min(qLo, 0f)), Math.min(hi, Math.max(qHi, 0f))};
        }
        if (type == ActivationType.INT8_SYMMETRIC) {
            float t = EntropyThreshold.tensorRt(s.magnitudeHistogram(), s.limit());
            return new float[] {Math.max(lo, -t), Math.min(hi, t)};
        }
        return EntropyThreshold.onnxRuntime(s.growingHistogram(), (float) s.growingThreshold(),
                EntropyThreshold.ONNXRUNTIME_QUANTIZED_BINS, lo, hi);
    }

    /** @return the magnitude below which fraction {@code q} of the values lie */
    private static float quantile(long[] hist, float limit, double q) {
        return limit * quantileBin(hist, q, true) / hist.length;
    }

    /** @return a bin edge index (0..length) where the cumulative fraction reaches {@code q} */
    private static int quantileBin(long[] hist, double q, boolean upperEdge) {
        long total = 0;
        for (long h : hist) {
            total += h;
        }
        double target = q * total;
        long cum = 0;
        for (int i = 0; i < hist.length; i++) {
            cum += hist[i];
            if (cum >= target) {
                return upperEdge ? i + 1 : i;
            }
        }
        return hist.length;
    }
}
