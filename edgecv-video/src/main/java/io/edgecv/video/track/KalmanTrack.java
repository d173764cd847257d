package io.edgecv.video.track;

import io.edgecv.Detection;
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

    /** Sets mean and covariance from a detection ({@code activate}). */
    void start(KalmanBoxFilter kf, Detection d, double[] scratch, long frame, long updateCount) {
        toXyah(d, scratch);
        kf.initiate(scratch, mean, covariance);
        meanFrame = frame;
        lastDetectionFrame = frame;
        lastUpdate = updateCount;
        startUpdate = updateCount;
        hits = 0;
        take(d);
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

    /** Kalman correction with a matched detection ({@code update} / {@code re_activate}). */
    void correct(KalmanBoxFilter kf, Detection d, double[] scratch, long frame, long updateCount) {
        toXyah(d, scratch);
        if (!kf.update(mean, covariance, scratch)) {
            kf.initiate(scratch, mean, covariance); // S not positive definite: restart the filter at the box
        }
        meanFrame = frame;
        lastDetectionFrame = frame;
        lastUpdate = updateCount;
        take(d);
    }

    private void take(Detection d) {
        score = d.score();
        classId = d.classId();
        label = d.label();
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

    Track snapshot(long frame, boolean predicted) {
        return new Track(id, state == TrackState.TRACKED && !activated ? TrackState.TENTATIVE : state, left(), top(),
                right(), bottom(), score, classId, label, frame, lastDetectionFrame, predicted);
    }

    /** (cx, cy, w / h, h) of a detection; a zero height is taken as a tiny one so the aspect stays finite. */
    static void toXyah(Detection d, double[] out) {
        double h = Math.max(d.height(), 1e-3);
        out[0] = d.left() + d.width() / 2.0;
        out[1] = d.top() + d.height() / 2.0;
        out[2] = d.width() / h;
        out[3] = h;
    }
}
