package io.edgecv.video.pipeline;

import io.edgecv.video.track.DetectionBuffer;
import io.edgecv.video.source.Frame;
import io.edgecv.video.track.TrackBuffer;

/**
 * Decides, frame by frame, whether the detector runs or the tracker predicts the boxes. The pipeline asks
 * {@link #shouldDetect} on its preprocessing thread, in frame order, and reports each detection frame's tracks
 * back through {@link #tracked} from its tracking thread (a frame or two later).
 *
 * <p>Thread-safety: {@link #shouldDetect} and {@link #detected} are called from one thread; {@link #tracked} from
 * another; implementations publish what {@link #tracked} learns safely (volatile fields).
 */
public interface SkipPolicy {
    /**
     * @param frame the frame about to be processed
     * @param framesSinceDetection frames since the last detection frame (1 for the next frame), or
     *                             {@link Long#MAX_VALUE} before the first
     * @param nanosSinceDetection capture time since the last detection frame, or {@link Long#MAX_VALUE}
     * @return true to run the detector on this frame
     */
    boolean shouldDetect(Frame frame, long framesSinceDetection, long nanosSinceDetection);

    /**
     * Called after {@link #shouldDetect} returned true, with the same frame, before it is handed on.
     *
     * @param frame the detection frame
     */
    default void detected(Frame frame) {
    }

    /**
     * Called with the tracks the tracker reported at a detection frame.
     *
     * @param tracks the confirmed tracks matched at that frame; valid during the call only
     * @param detections what the detector returned there; valid during the call only
     */
    default void tracked(TrackBuffer tracks, DetectionBuffer detections) {
    }

    /** @return a policy that detects every frame */
    static SkipPolicy none() {
        return fixed(1);
    }

    /**
     * @param n detect one frame in {@code n} (frames 0, n, 2n...), at least 1
     * @return the policy
     */
    static SkipPolicy fixed(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("skip interval " + n + " must be at least 1 (1 detects every frame)");
        }
        return new SkipPolicy() {
            @Override
            public boolean shouldDetect(Frame frame, long framesSinceDetection, long nanosSinceDetection) {
                return framesSinceDetection >= n;
            }

            @Override
            public String toString() {
                return "detect 1 frame in " + n;
            }
        };
    }
}
