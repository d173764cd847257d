package io.edgecv;

/**
 * A model file that is missing, truncated, corrupt, of an unknown format, or whose tensors do not fit the
 * decoder it was given. Thrown before the bytes reach a native runtime wherever the file can be checked.
 *
 * <p>Thread-safety: immutable.
 */
public class InvalidModelException extends EdgeCvException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the model and what to do */
    public InvalidModelException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong with the model and what to do
     * @param cause the underlying failure
     */
    public InvalidModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
