package io.edgecv.video.track;

import java.util.ArrayDeque;

/**
 * Removed tracks kept for reuse, so a long stream does not allocate a Kalman state per new object.
 *
 * <p>Thread-safety: not thread-safe; owned by one tracker.
 */
final class TrackPool {
    private static final int MAX_POOLED = 256;
    private final ArrayDeque<KalmanTrack> free = new ArrayDeque<>();

    KalmanTrack obtain() {
        KalmanTrack t = free.poll();
        if (t == null) {
            t = new KalmanTrack();
        }
        t.state = TrackState.TENTATIVE;
        t.activated = false;
        t.hits = 0;
        return t;
    }

    void release(KalmanTrack t) {
        if (free.size() < MAX_POOLED) {
            free.push(t);
        }
    }
}
