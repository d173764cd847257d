package io.edgecv.model;

/**
 * Argument checks shared by the builders.
 *
 * <p>Thread-safety: stateless.
 */
public final class Thresholds {
    private Thresholds() {
    }

    /**
     * @param what the setting's name, for the message
     * @param value the value
     * @return {@code value}
     * @throws IllegalArgumentException if it is not in [0, 1]
     */
    public static float checkUnit(String what, float value) {
        if (!(value >= 0f && value <= 1f)) {
            throw new IllegalArgumentException(what + " must be in [0, 1], got " + value);
        }
        return value;
    }
}
