package io.edgecv.video.track;

import io.edgecv.Detection;
import java.util.List;
import java.util.Objects;

/**
 * A multi-object tracker: detections in, tracks with stable ids out.
 *
 * <p>Frames are numbered by the caller ({@code frameIndex}, e.g. the camera frame number from 0). Every call must
 * give a larger index than the call before. The motion model steps once per camera frame, so a track moving
 * steadily is predicted correctly however many frames lie between two detection frames. The lost-track buffer, on
 * the other hand, is counted in detection frames ({@code update} calls): detecting one frame in N does not make
 * lost tracks expire N times sooner. A gap of more than 1000 frames is predicted as 1000 steps (a box has long
 * left its place by then), so a jump in the indices costs bounded time.
 *
 * <p>Use {@code update} on frames that went through the detector (no detections is a frame where nothing was
 * found, and ages lost tracks) and {@code predict} on frames that were skipped (no detector run: nothing ages, the
 * boxes move by the motion model). Each comes in two forms: with a {@link DetectionBuffer} and a
 * {@link TrackBuffer} the caller reuses (what a video loop uses: it allocates nothing per frame at steady state),
 * and with a list of {@link Detection} objects, returning a list of {@link Track} snapshots (simpler; allocates).
 *
 * <p>Thread-safety: not thread-safe. A tracker holds the state of one video stream and is called from one thread
 * (or handed between threads with a happens-before edge, e.g. through a queue). The {@link Track} snapshots it
 * returns are immutable and may go to other threads.
 */
public interface Tracker {
    /**
     * Associates one frame's detections with the tracks, starts new tracks and ages or removes missed ones.
     *
     * @param detections the detector's output for this frame, any order; not modified, not kept
     * @param frameIndex this frame's index, larger than at any earlier call
     * @param out emptied, then receives the confirmed tracks matched at this frame (state
     *        {@link TrackState#TRACKED}), by id
     * @throws IllegalArgumentException if {@code frameIndex} is not larger than the previous call's
     */
    void update(DetectionBuffer detections, long frameIndex, TrackBuffer out);

    /**
     * Moves every track to {@code frameIndex} by its motion model, for a frame the detector skipped. No track is
     * started, confirmed, lost or removed, and the lost-track buffer does not advance.
     *
     * @param frameIndex the skipped frame's index, larger than at any earlier call
     * @param out emptied, then receives the confirmed tracks that were matched at the last detection frame, with
     *        predicted boxes ({@link TrackBuffer#predicted(int)} true), by id
     * @throws IllegalArgumentException if {@code frameIndex} is not larger than the previous call's
     */
    void predict(long frameIndex, TrackBuffer out);

    /**
     * {@link #update(DetectionBuffer, long, TrackBuffer)} with objects.
     *
     * @param detections the detector's output for this frame, any order; not modified, not kept
     * @param frameIndex this frame's index, larger than at any earlier call
     * @return the confirmed tracks matched at this frame, by id; an unmodifiable list
     * @throws IllegalArgumentException if {@code frameIndex} is not larger than the previous call's, or a
     *         detection's box is not finite
     */
    default List<Track> update(List<Detection> detections, long frameIndex) {
        DetectionBuffer in = DetectionBuffer.of(Objects.requireNonNull(detections, "detections"));
        TrackBuffer out = new TrackBuffer();
        update(in, frameIndex, out);
        return out.toList();
    }

    /**
     * {@link #predict(long, TrackBuffer)} with objects.
     *
     * @param frameIndex the skipped frame's index, larger than at any earlier call
     * @return the confirmed tracks that were matched at the last detection frame, with predicted boxes
     *         ({@link Track#predicted()} true), by id; an unmodifiable list
     * @throws IllegalArgumentException if {@code frameIndex} is not larger than the previous call's
     */
    default List<Track> predict(long frameIndex) {
        TrackBuffer out = new TrackBuffer();
        predict(frameIndex, out);
        return out.toList();
    }

    /**
     * @return every track not removed (tentative, tracked and lost) as of the last call, by id; for diagnostics
     *         and tests; an unmodifiable list
     */
    List<Track> liveTracks();

    /** Drops every track and restarts ids at 1, for a new stream. */
    void reset();
}
