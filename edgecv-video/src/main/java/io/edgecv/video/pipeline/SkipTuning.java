package io.edgecv.video.pipeline;

import io.edgecv.video.track.ByteTrack;
import io.edgecv.video.track.ByteTrackSettings;

/**
 * ByteTrack settings for detecting one frame in N. Between two detection frames a walking person moves N times
 * further than between two camera frames, so the IoU of a track's predicted box with its next detection drops; a
 * fresh track, whose Kalman velocity is still zero, is hit hardest. With the original gates (IoU cost at most 0.8,
 * 0.7 for unconfirmed tracks, 0.5 for low-score detections) ByteTrack fed one frame in 3 of {@code vtest.avi} by
 * the SSD re-creates its new tracks over and over and keeps 57% of the full-rate boxes; with the gates widened to
 * 0.95 / 0.95 / 0.9 it keeps 93% (measured offline on the same detections, 240 frames).
 *
 * <p>Thread-safety: stateless; thread-safe.
 */
public final class SkipTuning {
    private SkipTuning() {
    }

    /**
     * @param b a ByteTrack builder with the thresholds for the detector
     * @param interval frames between detection frames (1: every frame, nothing changes)
     * @return {@code b}, with the association gates widened when {@code interval > 1}
     */
    public static ByteTrackSettings.Builder forInterval(ByteTrackSettings.Builder b, int interval) {
        if (interval < 1) {
            throw new IllegalArgumentException("interval " + interval + " must be at least 1");
        }
        if (interval > 1) {
            b.optMatchThreshold(0.95).optUnconfirmedMatchThreshold(0.95).optSecondMatchThreshold(0.9);
        }
        return b;
    }

    /**
     * ByteTrack for the SSD fixture family (MobileNet SSD on small pedestrians: Person scores mostly 0.3-0.6, below
     * ByteTrack's default 0.5/0.6): track threshold 0.4, new-track threshold 0.5, low threshold 0.1.
     *
     * @param frameRate the stream's frames per second (the lost-track buffer scales with it)
     * @param interval frames between detection frames
     * @return the tracker
     */
    public static ByteTrack lowScoreDetector(double frameRate, int interval) {
        ByteTrackSettings.Builder b = ByteTrack.builder().optFrameRate(frameRate > 0 ? frameRate : 30)
                .optTrackThreshold(0.4f).optNewTrackThreshold(0.5f).optLowThreshold(0.1f);
        return forInterval(b, interval).build();
    }
}
