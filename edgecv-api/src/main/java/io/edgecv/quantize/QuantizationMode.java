package io.edgecv.quantize;

/**
 * What a {@link Quantizer} turns a float32 model into.
 *
 * <p>Thread-safety: immutable.
 */
public enum QuantizationMode {
    /**
     * Post-training static INT8: weights int8, activations 8-bit with ranges calibrated on sample images, written
     * as QuantizeLinear/DequantizeLinear pairs (QDQ) that ONNX Runtime fuses into integer kernels and TensorRT
     * reads as explicit quantization. Needs calibration images.
     */
    STATIC_INT8,
    /**
     * Dynamic INT8: weights int8, activations quantized at run time from their own range (DynamicQuantizeLinear,
     * MatMulInteger, ConvInteger). Needs no calibration; suits MatMul/Gemm-heavy models.
     */
    DYNAMIC_INT8,
    /** Weights and compute in float16; inputs and outputs stay float32 by default. Needs no calibration. */
    FP16
}
