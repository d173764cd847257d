/**
 * EdgeCV: run a computer-vision detector on an edge device in a few lines.
 *
 * <ul>
 *   <li>{@link io.edgecv.Detector#builder()} opens a model (ONNX, TFLite, NCNN or a TensorRT engine) on the best
 *       available backend and returns a {@link io.edgecv.Detector}, which turns an image into
 *       {@link io.edgecv.Detection}s.</li>
 *   <li>{@link io.edgecv.ImageInput} reads photos and wraps camera frames (raw pixel buffers in a
 *       {@link io.edgecv.PixelFormat}), refusing oversized or damaged images before they are decoded.</li>
 *   <li>Errors: {@link io.edgecv.EdgeCvException} (checked) with {@link io.edgecv.InvalidModelException},
 *       {@link io.edgecv.InvalidImageException} and {@link io.edgecv.BackendUnavailableException}.</li>
 * </ul>
 * The model families, preprocessing and NMS behind a detector live in the sub-packages; backends plug in through
 * {@link io.edgecv.spi}.
 */
package io.edgecv;
