package io.edgecv.train;

import java.util.List;
import java.util.Set;

/**
 * An ONNX graph uses operators (or operator settings) that {@link OnnxTrainingGraph} cannot run with autograd.
 * The message names every one of them at once, so a user sees the whole gap before converting the model.
 *
 * <p>Thread-safety: immutable.
 */
public final class UnsupportedOperatorException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<String> operators;

    UnsupportedOperatorException(Set<String> operators) {
        super("the ONNX graph uses operators the training engine does not support: " + String.join(", ", operators)
                + "; supported: " + String.join(", ", Operators.supported())
                + ". Replace them (for example with onnxsim or an export without them) or ask for them.");
        this.operators = List.copyOf(operators);
    }

    UnsupportedOperatorException(String operator, String why) {
        super("ONNX operator " + operator + " is not supported here: " + why);
        this.operators = List.of(operator);
    }

    /** @return the operator types that were refused */
    public List<String> operators() {
        return operators;
    }
}
