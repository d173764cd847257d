package io.edgecv.tensorrt;

import java.util.Locale;

/**
 * The precision an engine is asked to run in ({@code tensorrt.precision}). TensorRT 11 networks are strongly typed:
 * the types come from the model, not from builder flags (TensorRT 11 removed {@code kFP16}, {@code kINT8} and the
 * INT8 calibrators). So {@link #FP16} and {@link #INT8} either accept a model that already is FP16 / Q/DQ-quantized
 * or have the EdgeCV quantizer produce one first.
 *
 * <p>Thread-safety: immutable.
 */
enum Precision {
    /** The model as it is, whatever its types; TF32 allowed for float32 layers. */
    AUTO,
    /** Strict IEEE float32: the model must have no FP16 or Q/DQ layers, and TF32 is turned off. */
    FP32,
    /** FP16 layers: an FP16 model as it is, or a float32 one converted with the EdgeCV quantizer (FP16 mode). */
    FP16,
    /**
     * Explicit INT8 quantization: a Q/DQ model as it is, or a float32 one quantized with the EdgeCV quantizer
     * (static INT8, symmetric int8 activations, entropy calibration on {@code tensorrt.calibration_images}).
     */
    INT8;

    /**
     * @param value {@code auto}, {@code fp32}, {@code fp16} or {@code int8}, any case
     * @return the precision
     * @throws IllegalArgumentException naming the bad value
     */
    static Precision parse(String value) {
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "auto": return AUTO;
            case "fp32": case "float32": return FP32;
            case "fp16": case "float16": case "half": return FP16;
            case "int8": return INT8;
            default:
                throw new IllegalArgumentException(TensorRtOptions.PRECISION + "=" + value
                        + " is not one of auto, fp32, fp16, int8");
        }
    }

    /** @return the lower-case name used in properties and cache keys */
    String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
