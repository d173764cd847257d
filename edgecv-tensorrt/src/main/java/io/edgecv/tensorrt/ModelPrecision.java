package io.edgecv.tensorrt;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The precisions a parsed network computes in, read from its layers: in a strongly typed TensorRT 11 network the
 * layer output types are the model's own, and explicit quantization shows as Quantize/Dequantize layers.
 *
 * <p>Thread-safety: immutable.
 */
final class ModelPrecision {
    private final boolean quantized;
    private final Set<TrtDataType> quantizedTypes;
    private final boolean half;
    private final boolean bf16;

    /**
     * @param quantizedTypes output types of the network's Quantize layers (empty if none)
     * @param half whether some layer outputs FP16
     * @param bf16 whether some layer outputs BF16
     */
    ModelPrecision(Set<TrtDataType> quantizedTypes, boolean half, boolean bf16) {
        this.quantizedTypes = quantizedTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(quantizedTypes));
        this.quantized = !quantizedTypes.isEmpty();
        this.half = half;
        this.bf16 = bf16;
    }

    /** @return whether Q/DQ layers quantize to INT8 */
    boolean int8() {
        return quantizedTypes.contains(TrtDataType.INT8);
    }

    /** @return whether some layer computes in FP16 */
    boolean fp16() {
        return half;
    }

    /** @return whether nothing runs below float32 (no Q/DQ, no FP16 or BF16 layer) */
    boolean float32Only() {
        return !quantized && !half && !bf16;
    }

    /**
     * @param requested the precision asked for
     * @return whether this network satisfies it: AUTO always; FP32 only float32; FP16 some FP16 layer; INT8 some
     *         INT8 Q/DQ
     */
    boolean satisfies(Precision requested) {
        switch (requested) {
            case FP32: return float32Only();
            case FP16: return half;
            case INT8: return int8();
            default: return true;
        }
    }

    /** @return a short description for logs and the cache sidecar, such as {@code int8+fp16} or {@code fp32} */
    String describe() {
        StringBuilder sb = new StringBuilder();
        for (TrtDataType t : quantizedTypes) {
            sb.append(sb.length() > 0 ? "+" : "").append(t.name().toLowerCase(Locale.ROOT));
        }
        if (half) {
            sb.append(sb.length() > 0 ? "+" : "").append("fp16");
        }
        if (bf16) {
            sb.append(sb.length() > 0 ? "+" : "").append("bf16");
        }
        return sb.length() == 0 ? "fp32" : sb.toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
