package io.edgecv.video.track;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * A tracker's mutable record of one track (ByteTrack's {@code STrack}): its own Kalman mean and 8x8 covariance,
 * lifecycle and bookkeeping. Frames are counted two ways: {@code meanFrame} is the camera frame the mean refers to
 * (the motion model steps once per camera frame); {@code lastUpdate} and {@code startUpdate} count detection
 * frames ({@code update} calls), which the lost-track buffer uses.
 *
 * <p>Thread-safety: not thread-safe; owned by one tracker.
 */
final class KalmanTrack {
    /** Most motion steps one advance takes (about 33 s at 30 fps). */
    static final long MAX_STEPS = 1000;

    final double[] mean = new double[8];
    final DMatrixRMaj covariance = new DMatrixRMaj(8, 8);
    int id;
    TrackState state = TrackState.TENTATIVE;
    boolean activated;
    float score;
    int classId;
    String label = "";
    long meanFrame;
    long lastDetectionFrame;
    long lastUpdate;
    long startUpdate;
    int hits;

    /** Sets mean and covariance from detection {@code i} ({@code activate}). */
    void start(KalmanBoxFilter kf, DetectionBuffer d, int i, double[] scratch, long frame, long updateCount) {
        toXyah(d, i, scratch);
        kf.initiate(scratch, mean, covariance);
        meanFrame = frame;
        lastDetectionFrame = frame;
        lastUpdate = updateCount;
        startUpdate = updateCount;
        hits = 0;
        take(d, i);
    }

    /** Advances the mean to {@code frame}, one motion step per camera frame. */
    void advanceTo(KalmanBoxFilter kf, long frame) {
        advanceTo(kf, frame, state != TrackState.TRACKED);
    }

    /**
     * Advances the mean to {@code frame}; {@code zeroHeightVelocity} as in {@link KalmanBoxFilter#predict}. A gap of
     * more than {@link #MAX_STEPS} frames is predicted as that many steps, so the time stays bounded when frame
     * indices jump (a stream that reconnects, indices taken from timestamps).
     */
    void advanceTo(KalmanBoxFilter kf, long frame, boolean zeroHeightVelocity) {
        long steps = Math.min(frame - meanFrame, MAX_STEPS);
        for (long i = 0; i < steps; i++) {
            kf.predict(mean, covariance, zeroHeightVelocity);
        }
        meanFrame = Math.max(meanFrame, frame);
    }

    /** Kalman correction with matched detection {@code i} ({@code update} / {@code re_activate}). */
    void correct(KalmanBoxFilter kf, DetectionBuffer d, int i, double[] scratch, long frame, long updateCount) {
        toXyah(d, i, scratch);
        if (!kf.update(mean, covariance, scratch)) {
            kf.initiate(scratch, mean, covariance); // S not positive definite: restart the filter at the box
        }
        meanFrame = frame;
        lastDetectionFrame = frame;
        lastUpdate = updateCount;
        take(d, i);
    }

    private void take(DetectionBuffer d, int i) {
        score = d.score(i);
        classId = d.classId(i);
        label = d.label(i);
    }

    float left() {
        double w = mean[2] * mean[3];
        return (float) (mean[0] - w / 2);
    }

    float top() {
        return (float) (mean[1] - mean[3] / 2);
    }

    float right() {
        double w = mean[2] * mean[3];
        return (float) (mean[0] + w / 2);
    }

    float bottom() {
        return (float) (mean[1] + mean[3] / 2);
    }

    /** @return the state reported for it: a track matched once but not yet confirmed is tentative */
    TrackState reportedState() {
        return state == TrackState.TRACKED && !activated ? TrackState.TENTATIVE : state;
    }

    /** (cx, cy, w / h, h) of a detection; a zero height is taken as a tiny one so the aspect stays finite. */
    static void toXyah(DetectionBuffer d, int i, double[] out) {
        double h = Math.max(d.height(i), 1e-3);
        out[0] = d.left(i) + d.width(i) / 2.0;
        out[1] = d.top(i) + d.height(i) / 2.0;
        out[2] = d.width(i) / h;
        out[3] = h;
    }

    /** Drops the removed tracks from {@code list}, keeping the order ({@code removeIf} would allocate). */
    static void dropRemoved(List<KalmanTrack> list) {
        int w = 0;
        for (int r = 0; r < list.size(); r++) {
            KalmanTrack t = list.get(r);
            if (t.state != TrackState.REMOVED) {
                list.set(w++, t);
            }
        }
        while (list.size() > w) {
            list.remove(list.size() - 1);
        }
    }

    /**
     * Sorts by id in place: an insertion sort, linear on the nearly sorted lists trackers keep, and unlike
     * {@code List.sort} it allocates no merge buffer for 32 tracks or more.
     */
    static void sortById(List<KalmanTrack> list) {
        for (int i = 1; i < list.size(); i++) {
            KalmanTrack t = list.get(i);
            int j = i - 1;
            while (j >= 0 && list.get(j).id > t.id) {
                list.set(j + 1, list.get(j));
                j--;
            }
            list.set(j + 1, t);
        }
    }

    /**
     * Reports tracks into {@code out} for {@code frame}, by id, as confirmed ({@link TrackState#TRACKED}).
     *
     * @param chosen the tracks to report; sorted by id in place
     */
    static void report(List<KalmanTrack> chosen, long frame, boolean predicted, TrackBuffer out) {
        sortById(chosen);
        out.begin(frame);
        for (int k = 0; k < chosen.size(); k++) {
            out.add(chosen.get(k), TrackState.TRACKED, predicted);
        }
    }
}
