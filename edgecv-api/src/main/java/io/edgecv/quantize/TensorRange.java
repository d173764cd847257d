package io.edgecv.quantize;

import java.util.Locale;
import java.util.Objects;

/**
 * The calibrated range of one activation tensor: what the calibration images produced, the range kept after
 * clipping, and the resulting quantization parameters (real = scale x (q - zeroPoint)).
 *
 * <p>Thread-safety: immutable.
 */
public final class TensorRange {
    private final String tensor;
    private final float observedMin;
    private final float observedMax;
    private final float min;
    private final float max;
    private final float scale;
    private final int zeroPoint;

    /**
     * @param tensor the tensor's name
     * @param observedMin smallest value seen during calibration
     * @param observedMax largest value seen
     * @param min low end of the quantized range
     * @param max high end of the quantized range
     * @param scale quantization scale
     * @param zeroPoint quantization zero point
     */
    public TensorRange(String tensor, float observedMin, float observedMax, float min, float max, float scale,
                       int zeroPoint) {
        this.tensor = Objects.requireNonNull(tensor, "tensor");
        this.observedMin = observedMin;
        this.observedMax = observedMax;
        this.min = min;
        this.max = max;
        this.scale = scale;
        this.zeroPoint = zeroPoint;
    }

    /** @return the tensor's name */
    public String tensor() {
        return tensor;
    }

    /** @return smallest value seen during calibration */
    public float observedMin() {
        return observedMin;
    }

    /** @return largest value seen during calibration */
    public float observedMax() {
        return observedMax;
    }

    /** @return low end of the quantized range */
    public float min() {
        return min;
    }

    /** @return high end of the quantized range */
    public float max() {
        return max;
    }

    /** @return quantization scale */
    public float scale() {
        return scale;
    }

    /** @return quantization zero point */
    public int zeroPoint() {
        return zeroPoint;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s seen [%.4g, %.4g] kept [%.4g, %.4g] scale %.4g zp %d", tensor,
                observedMin, observedMax, min, max, scale, zeroPoint);
    }
}
