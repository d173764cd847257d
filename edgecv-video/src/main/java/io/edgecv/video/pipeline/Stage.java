package io.edgecv.video.pipeline;

import java.util.Locale;

/**
 * The stages of a {@link VideoPipeline}, each on its own thread, and the end-to-end latency.
 *
 * <p>Thread-safety: immutable.
 */
public enum Stage {
    /** Reading and decoding a frame from the source. */
    CAPTURE,
    /** Resizing and normalising a detection frame into the model's input tensor. */
    PREPROCESS,
    /** The backend's run on a detection frame. */
    INFERENCE,
    /** Decoding the outputs, NMS, and the tracker's update or prediction. */
    TRACK,
    /** The listener (writing video, JSON, tracks). */
    OUTPUT,
    /** From capture to the result reaching the listener. */
    END_TO_END;

    /** @return the name in lower case, for reports */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
