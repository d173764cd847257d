package io.edgecv;

/**
 * An image that cannot be used: empty (0 pixels), larger than {@link ImageInput#MAX_SIDE} on a side, packed bytes
 * shorter than width x height x channels, or a file that is not a readable picture. Unchecked, like
 * {@link IllegalArgumentException} which it extends, because it reports a bad argument before any work starts.
 *
 * <p>Thread-safety: immutable.
 */
public class InvalidImageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the image and what to do */
    public InvalidImageException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong with the image and what to do
     * @param cause the underlying failure
     */
    public InvalidImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
