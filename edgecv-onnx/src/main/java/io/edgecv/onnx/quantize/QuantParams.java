package io.edgecv.onnx.quantize;

import io.edgecv.quantize.ActivationType;

/**
 * Scale and zero point of an 8-bit tensor: real = scale x (q - zeroPoint), with q in [0, 255] (uint8) or
 * [-128, 127] (int8, zero point 0). The range always contains 0, so that zero padding is exact.
 *
 * <p>Thread-safety: immutable.
 */
final class QuantParams {
    final float scale;
    final int zeroPoint;
    /** {@link Tensors#UINT8} or {@link Tensors#INT8}. */
    final int type;
    final float min;
    final float max;

    private QuantParams(float scale, int zeroPoint, int type, float min, float max) {
        this.scale = scale;
        this.zeroPoint = zeroPoint;
        this.type = type;
        this.min = min;
        this.max = max;
    }

    static QuantParams of(float lo, float hi, ActivationType type) {
        float min = Math.min(lo, 0f);
        float max = Math.max(hi, 0f);
        if (type == ActivationType.INT8_SYMMETRIC) {
            float a = Math.max(-min, max);
            float scale = a == 0f ? 1f : a / 127f;
            return new QuantParams(scale, 0, Tensors.INT8, -a, a);
        }
        if (max == min) {
            return new QuantParams(1f, 0, Tensors.UINT8, min, max);
        }
        float scale = (max - min) / 255f;
        int zp = Math.round(-min / scale);
        zp = Math.max(0, Math.min(255, zp));
        return new QuantParams(scale, zp, Tensors.UINT8, min, max);
    }

    /** @return the lowest value the quantized tensor can represent */
    float representableMin() {
        return scale * ((type == Tensors.UINT8 ? 0 : -128) - zeroPoint);
    }

    /** @return the highest value the quantized tensor can represent */
    float representableMax() {
        return scale * ((type == Tensors.UINT8 ? 255 : 127) - zeroPoint);
    }

    boolean sameAs(QuantParams o) {
        return o != null && scale == o.scale && zeroPoint == o.zeroPoint && type == o.type;
    }
}
