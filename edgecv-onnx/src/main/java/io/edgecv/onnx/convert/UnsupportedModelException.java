package io.edgecv.onnx.convert;

import java.io.IOException;
import java.util.List;

/**
 * A well-formed TensorFlow Lite model that the converter cannot express in ONNX: unsupported operators, quantized
 * tensors outside {@code DEQUANTIZE}, unsupported options. Every problem of the model is listed at once, so one run
 * tells everything that stands in the way.
 *
 * <p>Thread-safety: immutable.
 */
public final class UnsupportedModelException extends IOException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    /**
     * @param model    the model's file name, for the message
     * @param problems one line per problem
     */
    public UnsupportedModelException(String model, List<String> problems) {
        super("cannot convert " + model + " to ONNX: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** @return one line per problem, such as {@code operator SPLIT (2 uses) is not supported} */
    public List<String> problems() {
        return problems;
    }
}
