package io.edgecv.tflite;

/**
 * A defect found while verifying a model file, with the path of the bad object
 * ({@code subgraphs[0].tensors[12].buffer}). Turned into an {@link io.edgecv.InvalidModelException} by
 * {@link TfLiteModelVerifier}.
 *
 * <p>Thread-safety: immutable.
 */
final class ModelDefect extends Exception {
    private static final long serialVersionUID = 1L;

    ModelDefect(String message) {
        super(message, null, false, false);
    }
}
