package io.edgecv.train;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The ONNX operators that run with autograd, by op type (default ONNX domain only).
 *
 * <p>Thread-safety: immutable after class initialisation.
 */
final class Operators {
    private static final Map<String, Operator> BY_TYPE = new TreeMap<>();

    static {
        BY_TYPE.put("Conv", WindowOps::conv);
        BY_TYPE.put("MaxPool", WindowOps::maxPool);
        BY_TYPE.put("AveragePool", WindowOps::averagePool);
        BY_TYPE.put("GlobalAveragePool", WindowOps::globalAveragePool);
        BY_TYPE.put("BatchNormalization", LinearOps::batchNorm);
        BY_TYPE.put("Gemm", LinearOps::gemm);
        BY_TYPE.put("MatMul", LinearOps::matMul);
        BY_TYPE.put("Relu", ElementwiseOps::relu);
        BY_TYPE.put("Clip", ElementwiseOps::clip);
        BY_TYPE.put("Sigmoid", ElementwiseOps::sigmoid);
        BY_TYPE.put("Exp", ElementwiseOps::exp);
        BY_TYPE.put("Tanh", ElementwiseOps::tanh);
        BY_TYPE.put("Neg", ElementwiseOps::neg);
        BY_TYPE.put("Pow", ElementwiseOps::pow);
        BY_TYPE.put("LeakyRelu", ElementwiseOps::leakyRelu);
        BY_TYPE.put("HardSigmoid", ElementwiseOps::hardSigmoid);
        BY_TYPE.put("HardSwish", ElementwiseOps::hardSwish);
        BY_TYPE.put("Softmax", ElementwiseOps::softmax);
        BY_TYPE.put("Add", ElementwiseOps::add);
        BY_TYPE.put("Sub", ElementwiseOps::sub);
        BY_TYPE.put("Mul", ElementwiseOps::mul);
        BY_TYPE.put("Div", ElementwiseOps::div);
        BY_TYPE.put("Concat", ShapeOps::concat);
        BY_TYPE.put("Split", ShapeOps::split);
        BY_TYPE.put("Slice", ShapeOps::slice);
        BY_TYPE.put("Reshape", ShapeOps::reshape);
        BY_TYPE.put("Transpose", ShapeOps::transpose);
        BY_TYPE.put("Flatten", ShapeOps::flatten);
        BY_TYPE.put("Pad", ShapeOps::pad);
        BY_TYPE.put("Resize", ResizeOps::resize);
        BY_TYPE.put("ConstantOfShape", ShapeOps::constantOfShape);
        BY_TYPE.put("Constant", ShapeOps::constant);
        BY_TYPE.put("Identity", ShapeOps::identity);
    }

    private Operators() {
    }

    /** @return the operator, or {@code null} if unsupported */
    static Operator find(String domain, String opType) {
        boolean onnxDomain = domain.isEmpty() || domain.equals("ai.onnx");
        return onnxDomain ? BY_TYPE.get(opType) : null;
    }

    /**
     * @return whether input {@code index} of {@code opType} is a setting (bounds, shapes, pads, scales, running
     *     statistics) rather than a learnable weight: such initialisers stay constant
     */
    static boolean isSetting(String opType, int index) {
        switch (opType) {
            case "Conv": case "Gemm": case "MatMul": case "Add": case "Sub": case "Mul": case "Div":
            case "Concat":
                return false;
            case "BatchNormalization":
                return index >= 3;
            default:
                return index >= 1 || opType.equals("ConstantOfShape");
        }
    }

    static Set<String> supported() {
        return new TreeSet<>(BY_TYPE.keySet());
    }
}
