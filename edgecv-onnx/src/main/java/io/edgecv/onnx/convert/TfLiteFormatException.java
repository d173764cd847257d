package io.edgecv.onnx.convert;

import java.io.IOException;

/**
 * The file is not a readable TensorFlow Lite model: not a flatbuffer with the {@code TFL3} identifier, or an
 * offset, vector, string or tensor buffer that does not fit the file. The message names the bad object.
 *
 * <p>Thread-safety: immutable.
 */
public final class TfLiteFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong and where */
    public TfLiteFormatException(String message) {
        super(message);
    }
}
