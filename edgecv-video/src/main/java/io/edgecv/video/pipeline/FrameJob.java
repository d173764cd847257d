package io.edgecv.video.pipeline;

import io.edgecv.preprocess.ImageTransform;

/**
 * One frame travelling through the stages: its result (frame buffer, detections, tracks), the inference slot it
 * holds between preprocessing and decoding, and the transform preprocessing used. Pooled and reused.
 *
 * <p>Thread-safety: owned by one stage at a time, handed on through blocking queues.
 */
final class FrameJob {
    final FrameResult result = new FrameResult();
    final ImageTransform transform = new ImageTransform();
    final boolean end;
    int slot = -1;
    boolean failed;

    FrameJob(boolean end) {
        this.end = end;
    }

    void reset(long sequence) {
        result.sequence = sequence;
        result.detected = false;
        result.detections.clear();
        result.tracks.begin(result.frame.index());
        slot = -1;
        failed = false;
    }
}
