package io.edgecv.quantize;

import java.util.Objects;

/**
 * What a {@link Quantizer} did with one node of the graph, and why.
 *
 * <p>Thread-safety: immutable.
 */
public final class NodeDecision {
    private final String node;
    private final String opType;
    private final boolean converted;
    private final String reason;

    /**
     * @param node the node's name (or a made-up {@code <opType>#<index>} when it has none)
     * @param opType its operator type
     * @param converted whether it now runs quantized (or in float16)
     * @param reason how it was converted, or why it was left alone
     */
    public NodeDecision(String node, String opType, boolean converted, String reason) {
        this.node = Objects.requireNonNull(node, "node");
        this.opType = Objects.requireNonNull(opType, "opType");
        this.converted = converted;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @return the node's name */
    public String node() {
        return node;
    }

    /** @return its operator type */
    public String opType() {
        return opType;
    }

    /** @return whether it now runs quantized (or in float16) */
    public boolean converted() {
        return converted;
    }

    /** @return how it was converted, or why it was left alone */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return node + " (" + opType + "): " + reason;
    }
}
