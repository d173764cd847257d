package io.edgecv.video.source;

import io.edgecv.EdgeCvException;

/**
 * A frame source cannot be opened on this machine: FFmpeg's native libraries are missing for this platform, the
 * camera device does not exist, or the stream cannot be reached. The message says what to install or check.
 *
 * <p>Thread-safety: immutable.
 */
public final class SourceUnavailableException extends EdgeCvException {
    private static final long serialVersionUID = 1L;

    /** @param message what is missing and what to do */
    public SourceUnavailableException(String message) {
        super(message);
    }

    /**
     * @param message what is missing and what to do
     * @param cause the underlying failure
     */
    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
