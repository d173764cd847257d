package io.edgecv.prune;

/**
 * How channels are ranked for {@link PruningMode#STRUCTURED} pruning: the least important go first.
 *
 * <p>Thread-safety: immutable.
 */
public enum Importance {
    /** L1 norm of each filter (sum over the producing convolutions of a group). */
    L1,
    /** L2 norm of each filter. */
    L2,
    /** Absolute BatchNormalization scale after the filter (network slimming); needs BatchNormalization nodes. */
    BN_SCALE,
    /**
     * Data-driven, from calibration activations: ThiNet-style greedy selection of the channels whose removal
     * changes the next layers' outputs least (their contribution through the consumers' weights, with the
     * channels' correlations); global ranking weighs that error against the multiply-accumulates saved. Needs
     * calibration photos.
     */
    ACTIVATION
}
