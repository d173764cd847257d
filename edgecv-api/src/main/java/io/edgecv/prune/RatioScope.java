package io.edgecv.prune;

/**
 * How a pruning ratio is spread over the dependency groups.
 *
 * <p>Thread-safety: immutable.
 */
public enum RatioScope {
    /** Every group loses the same fraction of its channels. */
    PER_LAYER,
    /** The fraction applies to all prunable groups together: of their channels, or with
     *  {@link Importance#ACTIVATION} of their multiply-accumulates; groups lose more or less by importance (a
     *  sensitivity ranking), each keeping at least its rounding multiple and losing at most
     *  {@link PruningConfig#MAX_GROUP_RATIO} of its channels. */
    GLOBAL
}
