package io.edgecv.testing;

import java.io.IOException;

/**
 * A fixture could not be found nor built; the message names the file, why, and how to get it.
 *
 * <p>Thread-safety: immutable.
 */
public final class FixtureUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message names the file, why it is missing and how to get it */
    public FixtureUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message names the file, why it is missing and how to get it
     * @param cause what failed
     */
    public FixtureUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
