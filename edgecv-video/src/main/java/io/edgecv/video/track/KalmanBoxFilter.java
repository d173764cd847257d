package io.edgecv.video.track;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * ByteTrack's Kalman filter ({@code yolox/tracker/kalman_filter.py}, itself DeepSORT's): constant velocity in
 * (cx, cy, aspect = w / h, h) with their velocities, an 8-dimensional state observed directly in its first 4.
 * Process and measurement noise are proportional to the box height ({@code std_weight_position} 1/20,
 * {@code std_weight_velocity} 1/160), the aspect's noise is fixed (1e-2 and 1e-5 in the motion model, 1e-1 in the
 * measurement).
 *
 * <p>The filter holds no track state: each {@link KalmanTrack} has its own mean and 8x8 covariance, and this class
 * holds the constant matrices and the scratch space, so a predict or update allocates nothing.
 *
 * <p>Thread-safety: not thread-safe (shared scratch); one per tracker.
 */
final class KalmanBoxFilter {
    static final double STD_WEIGHT_POSITION = 1.0 / 20;
    static final double STD_WEIGHT_VELOCITY = 1.0 / 160;

    private final DMatrixRMaj motion = CommonOps_DDRM.identity(8);
    private final DMatrixRMaj tmp8x8 = new DMatrixRMaj(8, 8);
    private final DMatrixRMaj innovationCov = new DMatrixRMaj(4, 4);
    private final DMatrixRMaj covHt = new DMatrixRMaj(8, 4);
    private final DMatrixRMaj covHtT = new DMatrixRMaj(4, 8);
    private final DMatrixRMaj gainT = new DMatrixRMaj(4, 8);
    private final LinearSolverDense<DMatrixRMaj> cholesky = LinearSolverFactory_DDRM.chol(4);

    KalmanBoxFilter() {
        for (int i = 0; i < 4; i++) {
            motion.set(i, 4 + i, 1.0); // dt = 1 frame
        }
    }

    /** {@code initiate}: mean = (measurement, 0 velocity), diagonal covariance scaled by the height. */
    void initiate(double[] measurement, double[] mean, DMatrixRMaj cov) {
        System.arraycopy(measurement, 0, mean, 0, 4);
        for (int i = 4; i < 8; i++) {
            mean[i] = 0;
        }
        double h = measurement[3];
        double p = 2 * STD_WEIGHT_POSITION * h;
        double v = 10 * STD_WEIGHT_VELOCITY * h;
        cov.zero();
        cov.set(0, 0, p * p);
        cov.set(1, 1, p * p);
        cov.set(2, 2, 1e-2 * 1e-2);
        cov.set(3, 3, p * p);
        cov.set(4, 4, v * v);
        cov.set(5, 5, v * v);
        cov.set(6, 6, 1e-5 * 1e-5);
        cov.set(7, 7, v * v);
    }

    /**
     * One prediction step: x = F x, P = F P F' + Q, Q from the height before the step.
     *
     * @param zeroHeightVelocity ByteTrack zeroes vh before predicting a track that is not being tracked (lost)
     */
    void predict(double[] mean, DMatrixRMaj cov, boolean zeroHeightVelocity) {
        if (zeroHeightVelocity) {
            mean[7] = 0;
        }
        double h = mean[3];
        double p = STD_WEIGHT_POSITION * h;
        double v = STD_WEIGHT_VELOCITY * h;
        for (int i = 0; i < 4; i++) {
            mean[i] += mean[4 + i];
        }
        CommonOps_DDRM.mult(motion, cov, tmp8x8);
        CommonOps_DDRM.multTransB(tmp8x8, motion, cov);
        cov.add(0, 0, p * p);
        cov.add(1, 1, p * p);
        cov.add(2, 2, 1e-2 * 1e-2);
        cov.add(3, 3, p * p);
        cov.add(4, 4, v * v);
        cov.add(5, 5, v * v);
        cov.add(6, 6, 1e-5 * 1e-5);
        cov.add(7, 7, v * v);
    }

    /**
     * Correction with a measurement (cx, cy, aspect, h): S = H P H' + R, K = P H' S^-1 (Cholesky solve),
     * x += K (z - H x), P -= K S K' (= P H' K').
     *
     * @return false if S was not positive definite (the state is then left as it was)
     */
    boolean update(double[] mean, DMatrixRMaj cov, double[] measurement) {
        double h = mean[3];
        double p = STD_WEIGHT_POSITION * h;
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                innovationCov.set(r, c, cov.get(r, c));
            }
        }
        innovationCov.add(0, 0, p * p);
        innovationCov.add(1, 1, p * p);
        innovationCov.add(2, 2, 1e-1 * 1e-1);
        innovationCov.add(3, 3, p * p);
        for (int r = 0; r < 8; r++) {
            for (int c = 0; c < 4; c++) {
                covHt.set(r, c, cov.get(r, c));
                covHtT.set(c, r, cov.get(r, c));
            }
        }
        if (!cholesky.setA(innovationCov)) {
            return false;
        }
        cholesky.solve(covHtT, gainT); // S K' = (P H')'
        double y0 = measurement[0] - mean[0];
        double y1 = measurement[1] - mean[1];
        double y2 = measurement[2] - mean[2];
        double y3 = measurement[3] - mean[3];
        for (int i = 0; i < 8; i++) {
            mean[i] += gainT.get(0, i) * y0 + gainT.get(1, i) * y1 + gainT.get(2, i) * y2 + gainT.get(3, i) * y3;
        }
        CommonOps_DDRM.multAdd(-1.0, covHt, gainT, cov);
        return true;
    }
}
