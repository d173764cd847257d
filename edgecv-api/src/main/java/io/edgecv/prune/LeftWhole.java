package io.edgecv.prune;

import java.util.Objects;

/**
 * A node whose channels pruning left alone, and why (an output head, an operator the dependency analysis does not
 * follow, an excluded node, a model input or output).
 *
 * <p>Thread-safety: immutable.
 *
 * @param node the node's name in the model
 * @param opType its operator type
 * @param reason why its channels were kept
 */
public record LeftWhole(String node, String opType, String reason) {
    /** Checks the fields. */
    public LeftWhole {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(opType, "opType");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return node + " (" + opType + "): " + reason;
    }
}
