package io.edgecv.quantize;

/**
 * How activations are stored in an INT8 model.
 *
 * <p>Thread-safety: immutable.
 */
public enum ActivationType {
    /**
     * uint8 with a zero point: the full 256 levels cover the calibrated range, so ReLU/ReLU6 outputs lose no level
     * to negatives. What ONNX Runtime's x86 and ARM integer kernels (QLinearConv, QLinearMatMul) want.
     */
    UINT8_ASYMMETRIC,
    /** int8 with zero point 0 (range symmetric around 0): what TensorRT and most NPUs want. */
    INT8_SYMMETRIC
}
