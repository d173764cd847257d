package io.edgecv;

/**
 * No backend can run the model: the backend named does not exist, its native runtime is missing on this
 * machine, or no installed backend opens the model's format. The message lists the backends found and, for each
 * one that cannot run, the reason and what to install.
 *
 * <p>Thread-safety: immutable.
 */
public class BackendUnavailableException extends EdgeCvException {
    private static final long serialVersionUID = 1L;

    /** @param message which backend was asked for, which exist, and what to install */
    public BackendUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message which backend was asked for and what went wrong
     * @param cause the underlying failure
     */
    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
