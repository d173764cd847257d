package io.edgecv.preprocess;

/**
 * How an image is fitted to the model's input size.
 *
 * <p>Thread-safety: immutable.
 */
public enum ResizeMode {
    /** Keep the aspect ratio, scale to fit, centre, pad the rest (Ultralytics YOLO, MediaPipe). */
    LETTERBOX,
    /** Scale each axis to the input size, distorting the aspect ratio (TF Object Detection API SSD). */
    STRETCH
}
