package io.edgecv.video.track;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * ByteTrack (Zhang et al., ECCV 2022), following the original implementation
 * ({@code ifzhang/ByteTrack}, {@code yolox/tracker/byte_tracker.py}):
 * <ol>
 *   <li>detections above the track threshold (0.5) are "high", those above 0.1 and below the track threshold
 *       "low" (a score exactly at the threshold is in neither, as in the original);</li>
 *   <li>confirmed and lost tracks are predicted by their own Kalman filter and matched to the high detections
 *       on IoU distance fused with the detection score ({@code fuse_score}, on by default as in the original's
 *       non-MOT20 setting), optimal assignment with cost limit 0.8;</li>
 *   <li>tracked (not lost) tracks left over are matched to the low detections on plain IoU distance, limit 0.5;
 *       those still left over become lost;</li>
 *   <li>unconfirmed tracks (one detection old) are matched to the high detections left, limit 0.7, and removed
 *       if unmatched;</li>
 *   <li>high detections still left with score at least the new-track threshold (track threshold + 0.1) start
 *       tracks, confirmed at once only on the very first update;</li>
 *   <li>lost tracks not re-found within the buffer ({@code track_buffer} 30 scaled by frame rate / 30, counted in
 *       {@code update} calls) are removed, and a tracked and a lost track that overlap (IoU distance below 0.15)
 *       are merged by dropping the younger.</li>
 * </ol>
 * Differences from the original: IoU is computed on continuous coordinates (no +1 pixel); the Kalman filter steps
 * once per camera frame, so {@link #predict} on skipped frames moves boxes and {@link #update} after a gap predicts
 * over the whole gap; the optional class-aware mode forbids matching a track to a detection of another class and
 * merges duplicates only within a class.
 *
 * <p>With the buffer API ({@link #update(DetectionBuffer, long, TrackBuffer)}) a frame allocates nothing at steady
 * state: detections are split by index, track records are pooled and the loops are indexed (no iterators).
 *
 * <p>Thread-safety: not thread-safe; one instance per video stream, called from one thread (see {@link Tracker}).
 */
public final class ByteTrack implements Tracker {
    private static final double DUPLICATE_DISTANCE = 0.15;

    private final ByteTrackSettings settings;
    private final int maxTimeLost;
    private final KalmanBoxFilter kf = new KalmanBoxFilter();
    private final Association association = new Association();
    private final TrackPool pool = new TrackPool();
    private final List<KalmanTrack> tracked = new ArrayList<>();
    private final List<KalmanTrack> lost = new ArrayList<>();
    // per-update scratch
    private final List<KalmanTrack> candidates = new ArrayList<>();
    private final List<KalmanTrack> unconfirmed = new ArrayList<>();
    private final List<KalmanTrack> remaining = new ArrayList<>();
    private final List<KalmanTrack> next = new ArrayList<>();
    private final List<KalmanTrack> nextLost = new ArrayList<>();
    private final List<KalmanTrack> reported = new ArrayList<>();
    private final IntList high = new IntList();
    private final IntList low = new IntList();
    private final IntList highLeft = new IntList();
    private final double[] xyah = new double[4];
    private long lastFrame = -1;
    private long updates;
    private int nextId = 1;

    ByteTrack(ByteTrackSettings settings) {
        this.settings = settings;
        this.maxTimeLost = (int) (settings.frameRate / 30.0 * settings.trackBuffer);
    }

    /** @return a builder with the original's defaults */
    public static ByteTrackSettings.Builder builder() {
        return new ByteTrackSettings.Builder();
    }

    /** @return the settings this tracker was built with */
    public ByteTrackSettings settings() {
        return settings;
    }

    /** @return how many {@code update} calls a lost track survives unmatched ({@code max_time_lost}) */
    public int maxTimeLost() {
        return maxTimeLost;
    }

    @Override
    public void update(DetectionBuffer detections, long frameIndex, TrackBuffer out) {
        Objects.requireNonNull(detections, "detections");
        Objects.requireNonNull(out, "out");
        checkFrame(frameIndex);
        updates++;
        high.clear();
        low.clear();
        for (int d = 0; d < detections.size(); d++) {
            float s = detections.score(d);
            if (s > settings.trackThreshold) {
                high.add(d);
            } else if (s > settings.lowThreshold && s < settings.trackThreshold) {
                low.add(d);
            }
        }
        unconfirmed.clear();
        candidates.clear();
        for (int k = 0; k < tracked.size(); k++) {
            KalmanTrack t = tracked.get(k);
            (t.activated ? candidates : unconfirmed).add(t);
        }
        for (int k = 0; k < lost.size(); k++) {
            candidates.add(lost.get(k));
        }
        for (int k = 0; k < candidates.size(); k++) {
            KalmanTrack t = candidates.get(k);
            t.advanceTo(kf, frameIndex);
        }
        // first association: confirmed and lost tracks against the high-score detections
        int[] rowToCol = association.match(candidates, detections, high, settings.fuseScore, settings.classAware,
                settings.matchThreshold, true);
        boolean[] highUsed = association.columnUsed();
        remaining.clear();
        for (int r = 0; r < candidates.size(); r++) {
            KalmanTrack t = candidates.get(r);
            if (rowToCol[r] >= 0) {
                if (t.state != TrackState.TRACKED) {
                    t.hits = 0; // re_activate resets tracklet_len
                }
                t.correct(kf, detections, high.get(rowToCol[r]), xyah, frameIndex, updates);
                t.hits++;
                t.state = TrackState.TRACKED;
                t.activated = true;
            } else if (t.state == TrackState.TRACKED) {
                remaining.add(t);
            }
        }
        highLeft.clear();
        for (int c = 0; c < high.size(); c++) {
            if (!highUsed[c]) {
                highLeft.add(high.get(c));
            }
        }
        // second association: tracked tracks left over against the low-score detections, plain IoU
        rowToCol = association.match(remaining, detections, low, false, settings.classAware,
                settings.secondMatchThreshold, true);
        for (int r = 0; r < remaining.size(); r++) {
            KalmanTrack t = remaining.get(r);
            if (rowToCol[r] >= 0) {
                t.correct(kf, detections, low.get(rowToCol[r]), xyah, frameIndex, updates);
                t.hits++;
            } else {
                t.state = TrackState.LOST;
            }
        }
        // unconfirmed tracks against the high-score detections left
        rowToCol = association.match(unconfirmed, detections, highLeft, settings.fuseScore, settings.classAware,
                settings.unconfirmedMatchThreshold, true);
        highUsed = association.columnUsed();
        for (int r = 0; r < unconfirmed.size(); r++) {
            KalmanTrack t = unconfirmed.get(r);
            if (rowToCol[r] >= 0) {
                t.correct(kf, detections, highLeft.get(rowToCol[r]), xyah, frameIndex, updates);
                t.hits++;
                t.activated = true;
            } else {
                t.state = TrackState.REMOVED;
            }
        }
        next.clear();
        for (int k = 0; k < tracked.size(); k++) {
            KalmanTrack t = tracked.get(k);
            if (t.state == TrackState.TRACKED) {
                next.add(t);
            }
        }
        // new tracks from the high-score detections nobody took
        for (int c = 0; c < highLeft.size(); c++) {
            int d = highLeft.get(c);
            if (highUsed[c] || detections.score(d) < settings.newTrackThreshold) {
                continue;
            }
            KalmanTrack t = pool.obtain();
            t.id = nextId++;
            t.start(kf, detections, d, xyah, frameIndex, updates);
            t.state = TrackState.TRACKED;
            t.activated = updates == 1;
            next.add(t);
        }
        nextLost.clear();
        for (int k = 0; k < lost.size(); k++) {
            KalmanTrack t = lost.get(k);
            if (t.state == TrackState.TRACKED) {
                next.add(t); // re-found
            } else if (updates - t.lastUpdate > maxTimeLost) {
                t.state = TrackState.REMOVED;
            } else {
                nextLost.add(t);
            }
        }
        for (int k = 0; k < tracked.size(); k++) {
            KalmanTrack t = tracked.get(k);
            if (t.state == TrackState.LOST) {
                nextLost.add(t);
            }
        }
        removeDuplicates(next, nextLost);
        recycleRemoved(tracked);
        recycleRemoved(lost);
        swap(tracked, next);
        swap(lost, nextLost);
        lastFrame = frameIndex;
        report(frameIndex, false, out);
    }

    @Override
    public void predict(long frameIndex, TrackBuffer out) {
        Objects.requireNonNull(out, "out");
        checkFrame(frameIndex);
        for (int k = 0; k < tracked.size(); k++) {
            KalmanTrack t = tracked.get(k);
            if (t.activated) {
                t.advanceTo(kf, frameIndex);
            }
        }
        for (int k = 0; k < lost.size(); k++) {
            KalmanTrack t = lost.get(k);
            t.advanceTo(kf, frameIndex);
        }
        lastFrame = frameIndex;
        report(frameIndex, true, out);
    }

    @Override
    public List<Track> liveTracks() {
        List<KalmanTrack> all = new ArrayList<>(tracked);
        all.addAll(lost);
        KalmanTrack.sortById(all);
        TrackBuffer out = new TrackBuffer(Math.max(1, all.size()));
        out.begin(lastFrame);
        for (KalmanTrack t : all) {
            out.add(t, t.reportedState(), t.state != TrackState.TRACKED || t.lastDetectionFrame != lastFrame);
        }
        return out.toList();
    }

    @Override
    public void reset() {
        tracked.clear();
        lost.clear();
        lastFrame = -1;
        updates = 0;
        nextId = 1;
    }

    /** For tests: a copy of the live track {@code id}'s 8x8 covariance, row-major, or null if none. */
    double[] covarianceOf(int id) {
        for (List<KalmanTrack> list : List.of(tracked, lost)) {
            for (int k = 0; k < list.size(); k++) {
                KalmanTrack t = list.get(k);
                if (t.id == id) {
                    return t.covariance.data.clone();
                }
            }
        }
        return null;
    }

    private void report(long frameIndex, boolean predicted, TrackBuffer out) {
        reported.clear();
        for (int k = 0; k < tracked.size(); k++) {
            KalmanTrack t = tracked.get(k);
            if (t.activated && t.state == TrackState.TRACKED) {
                reported.add(t);
            }
        }
        KalmanTrack.report(reported, frameIndex, predicted, out);
    }

    private void checkFrame(long frameIndex) {
        if (frameIndex < 0 || frameIndex <= lastFrame) {
            throw new IllegalArgumentException("frameIndex " + frameIndex + " must be >= 0 and larger than the "
                    + "previous call's " + lastFrame + "; call reset() to start a new stream");
        }
    }

    /**
     * {@code remove_duplicate_stracks}: of a tracked and a lost track that overlap, the younger goes (in the
     * class-aware mode only within a class, or a lost track of one class would suppress every new track of
     * another at its place).
     */
    private void removeDuplicates(List<KalmanTrack> a, List<KalmanTrack> b) {
        for (int i = 0; i < a.size(); i++) {
            KalmanTrack p = a.get(i);
            for (int j = 0; j < b.size(); j++) {
                KalmanTrack q = b.get(j);
                if (p.state == TrackState.REMOVED || q.state == TrackState.REMOVED
                        || (settings.classAware && p.classId != q.classId)) {
                    continue;
                }
                double dist = 1 - BoxMath.iou(p.left(), p.top(), p.right(), p.bottom(), q.left(), q.top(), q.right(),
                        q.bottom());
                if (dist < DUPLICATE_DISTANCE) {
                    if (p.lastUpdate - p.startUpdate > q.lastUpdate - q.startUpdate) {
                        q.state = TrackState.REMOVED;
                    } else {
                        p.state = TrackState.REMOVED;
                    }
                }
            }
        }
        KalmanTrack.dropRemoved(a);
        KalmanTrack.dropRemoved(b);
    }

    private void recycleRemoved(List<KalmanTrack> list) {
        for (int k = 0; k < list.size(); k++) {
            KalmanTrack t = list.get(k);
            if (t.state == TrackState.REMOVED) {
                pool.release(t);
            }
        }
    }

    private static void swap(List<KalmanTrack> target, List<KalmanTrack> source) {
        target.clear();
        for (int i = 0; i < source.size(); i++) {
            target.add(source.get(i)); // addAll would allocate a copy of the source's array
        }
        source.clear();
    }
}
