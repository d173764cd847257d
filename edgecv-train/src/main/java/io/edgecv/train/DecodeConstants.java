package io.edgecv.train;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The initialisers of a YOLO export that belong to its box decoding rather than to its weights, so that a student
 * keeps them as exported: anchor points, strides and grids (initialisers read only by Add, Sub, Mul or Div nodes;
 * an export folds batch normalisation into the convolutions, so no weight of a YOLO network is read that way), and
 * the DFL kernel (the fixed ramp 0..15 that Ultralytics names {@code ...dfl.conv.weight}). Trained, AdamW would move
 * them like weights, weight decay included, and shift every box.
 *
 * <p>Thread-safety: stateless.
 */
final class DecodeConstants {
    private static final Set<String> ARITHMETIC = Set.of("Add", "Sub", "Mul", "Div");
    private static final Pattern DFL = Pattern.compile("(?i).*\\bdfl\\b.*");

    private DecodeConstants() {
    }

    /** @return the names of the decoding constants among the model's floating-point initialisers */
    static Set<String> of(ModelProto model) {
        Map<String, Boolean> onlyArithmetic = new HashMap<>();
        for (NodeProto n : model.getGraph().getNodeList()) {
            boolean arithmetic = ARITHMETIC.contains(n.getOpType()) && (n.getDomain().isEmpty()
                    || n.getDomain().equals("ai.onnx"));
            for (String in : n.getInputList()) {
                onlyArithmetic.merge(in, arithmetic, Boolean::logicalAnd);
            }
        }
        Set<String> out = new TreeSet<>();
        for (TensorProto t : model.getGraph().getInitializerList()) {
            if (TensorIo.isFloat(t) && (onlyArithmetic.getOrDefault(t.getName(), false)
                    || DFL.matcher(t.getName()).matches())) {
                out.add(t.getName());
            }
        }
        return out;
    }

    /** @return a pattern matching what {@code frozen} matches and every name of {@code constants} */
    static Pattern plus(Pattern frozen, Set<String> constants) {
        if (constants.isEmpty()) {
            return frozen;
        }
        return Pattern.compile("(?:" + frozen.pattern() + ")|" + constants.stream().map(Pattern::quote)
                .collect(Collectors.joining("|")), frozen.flags());
    }
}
