package io.edgecv;

import io.edgecv.model.ModelDescription;
import java.util.List;

/**
 * Finds objects in images with one model on one backend.
 *
 * <pre>{@code
 * try (Detector detector = Detector.builder().setModel(Path.of("model.onnx")).build()) {
 *     List<Detection> found = detector.detect(ImageInput.of(bufferedImage));
 * }
 * }</pre>
 *
 * <p>The model is opened once; each {@link #detect} call preprocesses into the backend's own input memory, runs
 * the model, decodes and merges overlaps on primitive arrays. Apart from the returned list, a detection allocates
 * nothing at steady state.
 *
 * <p>Thread-safety: thread-safe. Calls to {@link #detect} are serialised (one inference at a time per detector,
 * which is what a CPU runtime with its own thread pool wants); for parallel throughput, build one detector per
 * thread. {@link #close()} waits for a running detection and is idempotent.
 */
public interface Detector extends AutoCloseable {
    /** @return a builder; {@link DetectorBuilder#setModel} is required */
    static DetectorBuilder builder() {
        return new DetectorBuilder();
    }

    /**
     * Detects objects in an image.
     *
     * @param image the image, any size up to {@link ImageInput#MAX_SIDE}
     * @return the detections, highest score first, boxes in the image's pixels; a new list each call
     * @throws EdgeCvException if the backend fails to run the model
     * @throws IllegalStateException if the detector is closed
     */
    List<Detection> detect(ImageInput image) throws EdgeCvException;

    /** @return the model's description: family, preprocessing, labels, default thresholds */
    ModelDescription description();

    /** @return the name of the backend running the model, for example {@code "onnx"} */
    String backendName();

    /** Releases the model and its native memory. Idempotent. */
    @Override
    void close();
}
