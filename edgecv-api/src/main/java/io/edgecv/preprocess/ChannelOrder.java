package io.edgecv.preprocess;

/**
 * Order of the colour channels the model expects.
 *
 * <p>Thread-safety: immutable.
 */
public enum ChannelOrder {
    /** red, green, blue: nearly every model trained outside OpenCV. */
    RGB,
    /** blue, green, red: models trained on frames read with OpenCV and fed as is. */
    BGR
}
