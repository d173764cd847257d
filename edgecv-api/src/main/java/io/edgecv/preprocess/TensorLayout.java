package io.edgecv.preprocess;

/**
 * Memory order of an image tensor.
 *
 * <p>Thread-safety: immutable.
 */
public enum TensorLayout {
    /** batch, height, width, channels: TensorFlow, TFLite. */
    NHWC,
    /** batch, channels, height, width: PyTorch exports, ONNX from Ultralytics. */
    NCHW
}
