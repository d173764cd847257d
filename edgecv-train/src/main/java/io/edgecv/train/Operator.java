package io.edgecv.train;

import ai.djl.ndarray.NDArray;

/**
 * One ONNX operator built from DJL NDArray operations, so that libtorch's autograd records it.
 *
 * <p>Thread-safety: implementations are stateless.
 */
@FunctionalInterface
interface Operator {
    /**
     * @param node the node, its attributes and the graph's settings
     * @param inputs the node's inputs in order; {@code null} where an optional input is absent
     * @return the node's outputs in order
     */
    NDArray[] apply(NodeContext node, NDArray[] inputs);
}
