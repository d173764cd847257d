package io.edgecv.video.track;

/**
 * Where a track is in its life (ByteTrack's {@code TrackState} plus its {@code is_activated} flag).
 *
 * <p>Thread-safety: immutable.
 */
public enum TrackState {
    /** Started from one detection and not yet matched again: not reported, removed if the next update misses it. */
    TENTATIVE,
    /** Confirmed and matched at its last detection frame: reported. */
    TRACKED,
    /** Confirmed but missed at its last detection frame(s): kept for the lost-track buffer, not reported. */
    LOST,
    /** Gone for good: its id is never used again. */
    REMOVED
}
