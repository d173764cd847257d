package io.edgecv.onnx.quantize;

import java.util.Set;

/**
 * How each operator is quantized in QDQ form.
 *
 * <p>Thread-safety: immutable.
 */
enum OpKinds {
    /** Has constant weights (input 1) quantized to int8 and an optional int32 bias (input 2). */
    WEIGHTED,
    /** Reads 8-bit inputs and writes an 8-bit output with its own calibrated range. */
    ARITHMETIC,
    /** Moves or selects values without changing them: its output shares its input's scale and zero point. */
    SHARED,
    /** Clip or Relu: folded into the range of its input when the 8-bit range saturates where it would clip. */
    ACTIVATION,
    /** No QDQ form: stays in float. */
    NONE;

    private static final Set<String> WEIGHTED_OPS = Set.of("Conv", "MatMul", "Gemm");
    private static final Set<String> ARITHMETIC_OPS = Set.of("Add", "Mul", "Concat", "AveragePool",
            "GlobalAveragePool", "Sigmoid", "LeakyRelu", "HardSigmoid", "Softmax");
    private static final Set<String> SHARED_OPS = Set.of("Reshape", "Transpose", "Squeeze", "Unsqueeze", "Flatten",
            "MaxPool", "GlobalMaxPool", "Resize", "Slice", "Split", "DepthToSpace", "SpaceToDepth", "Gather",
            "Identity");
    private static final Set<String> ACTIVATION_OPS = Set.of("Clip", "Relu");

    static OpKinds of(String opType) {
        if (WEIGHTED_OPS.contains(opType)) {
            return WEIGHTED;
        }
        if (ARITHMETIC_OPS.contains(opType)) {
            return ARITHMETIC;
        }
        if (SHARED_OPS.contains(opType)) {
            return SHARED;
        }
        if (ACTIVATION_OPS.contains(opType)) {
            return ACTIVATION;
        }
        return NONE;
    }

    /** @return how many leading inputs carry data to quantize (the rest are shapes, indices, scales) */
    static int dataInputs(String opType, int inputCount) {
        switch (opType) {
            case "Concat": case "Add": case "Mul":
                return inputCount;
            default:
                return 1;
        }
    }
}
