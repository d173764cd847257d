package io.edgecv;

/**
 * The checked exception of EdgeCV: a model that cannot be opened, a backend that cannot run, an inference that
 * failed in the native runtime. Every message says what was wrong and what to do about it.
 *
 * <p>Argument errors found before any work starts (a negative thread count, a packed image shorter than its
 * declared size) are unchecked: {@link IllegalArgumentException} or its subclass {@link InvalidImageException}.
 *
 * <p>Thread-safety: immutable.
 */
public class EdgeCvException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what went wrong and what to do */
    public EdgeCvException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong and what to do
     * @param cause the underlying failure
     */
    public EdgeCvException(String message, Throwable cause) {
        super(message, cause);
    }
}
