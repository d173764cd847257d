package io.edgecv.video.track;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * SORT (Bewley et al., 2016; {@code abewley/sort}), the simple option: every track is predicted, all detections
 * are matched in one optimal assignment on IoU, and a pair is kept when its IoU is at least the threshold (0.3).
 * A track is reported once it has been matched {@code minHits} (3) update calls in a row, or during the first
 * {@code minHits} calls of the stream; it survives {@code maxAge} (1) update calls unmatched.
 *
 * <p>Differences from the original: the Kalman filter is ByteTrack's (per-track covariance in (cx, cy, aspect,
 * h), noise scaled to the height) rather than SORT's (cx, cy, area, ratio) filter with fixed noise, and it steps
 * once per camera frame, as in {@link ByteTrack}. Ages count {@code update} calls, not camera frames.
 *
 * <p>Thread-safety: not thread-safe; one instance per video stream, called from one thread (see {@link Tracker}).
 */
public final class Sort implements Tracker {
    private final double iouThreshold;
    private final int maxAge;
    private final int minHits;
    private final boolean classAware;
    private final KalmanBoxFilter kf = new KalmanBoxFilter();
    private final Association association = new Association();
    private final TrackPool pool = new TrackPool();
    private final List<KalmanTrack> tracks = new ArrayList<>();
    private final List<KalmanTrack> reported = new ArrayList<>();
    private final IntList all = new IntList();
    private final double[] xyah = new double[4];
    private long lastFrame = -1;
    private long updates;
    private int nextId = 1;

    private Sort(Builder b) {
        iouThreshold = b.iouThreshold;
        maxAge = b.maxAge;
        minHits = b.minHits;
        classAware = b.classAware;
    }

    /** @return a builder with SORT's defaults (IoU 0.3, max age 1, min hits 3) */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void update(DetectionBuffer detections, long frameIndex, TrackBuffer out) {
        Objects.requireNonNull(detections, "detections");
        Objects.requireNonNull(out, "out");
        checkFrame(frameIndex);
        updates++;
        for (int k = 0; k < tracks.size(); k++) {
            KalmanTrack t = tracks.get(k);
            t.advanceTo(kf, frameIndex, false);
        }
        // SORT keeps a pair when IoU >= threshold: a cost limit just above 1 - threshold
        all.fillRange(detections.size());
        int[] rowToCol = association.match(tracks, detections, all, false, classAware, 1 - iouThreshold + 1e-9, false);
        boolean[] used = association.columnUsed();
        for (int r = 0; r < tracks.size(); r++) {
            KalmanTrack t = tracks.get(r);
            if (rowToCol[r] >= 0) {
                t.correct(kf, detections, rowToCol[r], xyah, frameIndex, updates);
                t.hits = t.state == TrackState.TRACKED ? t.hits + 1 : 1;
                t.state = TrackState.TRACKED;
            } else {
                t.state = TrackState.LOST;
                t.hits = 0;
            }
        }
        for (int c = 0; c < detections.size(); c++) {
            if (!used[c]) {
                KalmanTrack t = pool.obtain();
                t.id = nextId++;
                t.start(kf, detections, c, xyah, frameIndex, updates);
                t.state = TrackState.TRACKED;
                t.hits = 1;
                tracks.add(t);
            }
        }
        for (int k = 0; k < tracks.size(); k++) {
            KalmanTrack t = tracks.get(k);
            if (t.state == TrackState.LOST && updates - t.lastUpdate > maxAge) {
                t.state = TrackState.REMOVED;
                pool.release(t);
            }
            t.activated = t.state == TrackState.TRACKED && (t.hits >= minHits || updates <= minHits);
        }
        KalmanTrack.dropRemoved(tracks);
        lastFrame = frameIndex;
        report(frameIndex, false, out);
    }

    @Override
    public void predict(long frameIndex, TrackBuffer out) {
        Objects.requireNonNull(out, "out");
        checkFrame(frameIndex);
        for (int k = 0; k < tracks.size(); k++) {
            KalmanTrack t = tracks.get(k);
            t.advanceTo(kf, frameIndex, false);
        }
        lastFrame = frameIndex;
        report(frameIndex, true, out);
    }

    @Override
    public List<Track> liveTracks() {
        List<KalmanTrack> sorted = new ArrayList<>(tracks);
        KalmanTrack.sortById(sorted);
        TrackBuffer out = new TrackBuffer(Math.max(1, sorted.size()));
        out.begin(lastFrame);
        for (KalmanTrack t : sorted) {
            out.add(t, t.reportedState(), t.lastDetectionFrame != lastFrame);
        }
        return out.toList();
    }

    @Override
    public void reset() {
        tracks.clear();
        lastFrame = -1;
        updates = 0;
        nextId = 1;
    }

    private void report(long frameIndex, boolean predicted, TrackBuffer out) {
        reported.clear();
        for (int k = 0; k < tracks.size(); k++) {
            KalmanTrack t = tracks.get(k);
            if (t.activated) {
                reported.add(t);
            }
        }
        KalmanTrack.report(reported, frameIndex, predicted, out); // activated implies TRACKED
    }

    private void checkFrame(long frameIndex) {
        if (frameIndex < 0 || frameIndex <= lastFrame) {
            throw new IllegalArgumentException("frameIndex " + frameIndex + " must be >= 0 and larger than the "
                    + "previous call's " + lastFrame + "; call reset() to start a new stream");
        }
    }

    /**
     * Builds a {@link Sort}; every setting is optional and checked when set.
     *
     * <p>Thread-safety: not thread-safe.
     */
    public static final class Builder {
        private double iouThreshold = 0.3;
        private int maxAge = 1;
        private int minHits = 3;
        private boolean classAware;

        private Builder() {
        }

        /**
         * @param v lowest IoU for a track-detection pair, (0, 1]; default 0.3
         * @return this builder
         */
        public Builder optIouThreshold(double v) {
            if (!(v > 0 && v <= 1)) {
                throw new IllegalArgumentException("IoU threshold must be in (0, 1], got " + v);
            }
            iouThreshold = v;
            return this;
        }

        /**
         * @param updates update calls a track survives unmatched, {@code >= 0}; default 1
         * @return this builder
         */
        public Builder optMaxAge(int updates) {
            if (updates < 0) {
                throw new IllegalArgumentException("max age must be >= 0, got " + updates);
            }
            maxAge = updates;
            return this;
        }

        /**
         * @param hits consecutive matches before a track is reported, {@code >= 1}; default 3
         * @return this builder
         */
        public Builder optMinHits(int hits) {
            if (hits < 1) {
                throw new IllegalArgumentException("min hits must be >= 1, got " + hits);
            }
            minHits = hits;
            return this;
        }

        /**
         * @param on match a track only to detections of its own class; default off
         * @return this builder
         */
        public Builder optClassAware(boolean on) {
            classAware = on;
            return this;
        }

        /** @return a new tracker */
        public Sort build() {
            return new Sort(this);
        }

        @Override
        public String toString() {
            return "Sort{iou " + iouThreshold + ", maxAge " + maxAge + ", minHits " + minHits + ", classAware "
                    + classAware + "}";
        }
    }
}
