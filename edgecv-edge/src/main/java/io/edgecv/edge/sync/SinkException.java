package io.edgecv.edge.sync;

/**
 * A batch was not acknowledged (receiver unreachable, refused, timed out). The agent retries it with backoff.
 *
 * <p>Thread-safety: immutable.
 */
public class SinkException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what failed */
    public SinkException(String message) {
        super(message);
    }

    /**
     * @param message what failed
     * @param cause the underlying failure
     */
    public SinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
