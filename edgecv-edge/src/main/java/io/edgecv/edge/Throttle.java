package io.edgecv.edge;

/**
 * What a pipeline obeys: how much of its detector rate it may use now, and whether it must stop. Implemented by
 * {@link io.edgecv.edge.thermal.ThermalGovernor}; a pipeline asks through a {@link FrameGate}.
 *
 * <p>Thread-safety: implementations are thread-safe (written by a monitor thread, read by the pipeline thread).
 */
public interface Throttle {
    /** A throttle that never slows down. */
    Throttle FULL_SPEED = new Throttle() {
        @Override
        public double factor() {
            return 1.0;
        }

        @Override
        public boolean paused() {
            return false;
        }

        @Override
        public void awaitRunnable() {
        }
    };

    /** @return the share of frames to run the detector on, in [0, 1]: 1 is full speed, 0 only while paused */
    double factor();

    /** @return true while the pipeline must not run the detector at all (critical temperature) */
    boolean paused();

    /**
     * Blocks while {@link #paused()}.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    void awaitRunnable() throws InterruptedException;
}
