package io.edgecv.onnx.convert;

import java.util.List;
import java.util.Map;

/**
 * What {@link TfLiteToOnnx#convertModel(java.nio.file.Path, java.nio.file.Path)} converted. Thread-safety:
 * immutable.
 *
 * @param inputs          the model's input names (kept in the ONNX model)
 * @param outputs         the model's output names (kept)
 * @param tfliteOperators how many of each TFLite operator the model has, in first-use order
 * @param onnxNodes       nodes in the ONNX graph
 * @param opset           ONNX opset written
 * @param nchw            whether 4-D inputs and outputs were switched to NCHW
 */
public record ConversionSummary(List<String> inputs, List<String> outputs, Map<String, Integer> tfliteOperators,
                                int onnxNodes, int opset, boolean nchw) {
    /** Copies the collections. */
    public ConversionSummary {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        tfliteOperators = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tfliteOperators));
    }
}
