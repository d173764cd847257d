package io.edgecv.prune;

/**
 * What pruning removes.
 *
 * <p>Thread-safety: immutable.
 */
public enum PruningMode {
    /** Whole output channels of convolutions (filters), along dependency groups: the model gets smaller and faster
     *  on every runtime. */
    STRUCTURED,
    /** Individual weights of smallest magnitude set to zero: shapes unchanged, the file compresses better, runtimes
     *  without sparse kernels run at the same speed. */
    UNSTRUCTURED,
    /** Two of every four consecutive weights along the input channels set to zero (2:4), the layout of NVIDIA
     *  sparse tensor cores (TensorRT with sparse weights enabled); ratio fixed at 50%. */
    SEMI_STRUCTURED_2_4
}
