package io.edgecv.quantize;

/**
 * How the range of an activation is chosen from what the calibration images produced.
 *
 * <p>Thread-safety: immutable.
 */
public enum CalibrationMethod {
    /** The smallest and largest value seen: no clipping, coarsest steps when outliers are rare. */
    MINMAX,
    /**
     * Clips each tail at a percentile of the values seen ({@link QuantizationConfig#percentile()}, default
     * 99.999): outliers saturate, the bulk gets finer steps.
     */
    PERCENTILE,
    /**
     * Picks the clipping range that minimises the KL divergence between the histogram of the values and its
     * quantized version: ONNX Runtime's entropy calibrator for uint8 activations, TensorRT's for int8 symmetric
     * ones. The default.
     */
    ENTROPY
}
