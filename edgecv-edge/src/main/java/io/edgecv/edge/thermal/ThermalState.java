package io.edgecv.edge.thermal;

/**
 * Where the governor is.
 *
 * <p>Thread-safety: immutable.
 */
public enum ThermalState {
    /** Below the warning temperature: full speed. */
    NORMAL,
    /** Between warning and critical: the factor follows the line. */
    THROTTLED,
    /** Critical reached: no detector calls until below warning. */
    PAUSED
}
