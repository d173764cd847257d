package io.edgecv.edge;

import io.edgecv.edge.watchdog.Heartbeat;
import java.util.Objects;

/**
 * Per-frame decision of a pipeline under a {@link Throttle}: with factor {@code f} the detector runs on a share
 * {@code f} of the frames offered, spread evenly (a credit accumulator: each frame adds {@code f}, a detector call
 * spends 1), and not at all while paused. Call {@link #admit()} once for each frame the pipeline's own skip policy
 * would process; the two multiply. No allocation per call.
 *
 * <p>Thread-safety: not thread-safe; one pipeline thread owns it.
 */
public final class FrameGate {
    private final Throttle throttle;
    private double credit;
    private long offered;
    private long admitted;
    private volatile boolean released;

    /** @param throttle what to obey */
    public FrameGate(Throttle throttle) {
        this.throttle = Objects.requireNonNull(throttle, "throttle");
    }

    /**
     * Waits while the throttle is paused, then decides.
     *
     * @return true to run the detector on this frame, false to skip it
     * @throws InterruptedException when interrupted while paused
     */
    public boolean admit() throws InterruptedException {
        if (throttle.paused()) {
            throttle.awaitRunnable();
        }
        offered++;
        credit += throttle.factor();
        if (credit >= 1.0 - 1e-9) {
            credit -= 1.0;
            admitted++;
            return true;
        }
        return false;
    }

    /**
     * Waits while the throttle is paused, with the heartbeat marked {@link Heartbeat#idle idle} so the watchdog does
     * not take the pause for a hang, then decides. Returns false at once after {@link #release()}.
     *
     * @param heartbeat the worker's heartbeat
     * @return true to run the detector on this frame
     * @throws InterruptedException when interrupted while paused
     */
    public boolean admit(Heartbeat heartbeat) throws InterruptedException {
        if (throttle.paused() && !released) {
            heartbeat.idle(true);
            try {
                while (throttle.paused() && !released) {
                    Thread.sleep(50);
                }
            } finally {
                heartbeat.idle(false);
            }
        }
        return released && throttle.paused() ? tryAdmit() : admit();
    }

    /** Ends any wait in {@link #admit(Heartbeat)} for good (shutdown): paused frames are then skipped. */
    public void release() {
        released = true;
    }

    /**
     * Decides without waiting: a paused throttle skips the frame.
     *
     * @return true to run the detector on this frame
     */
    public boolean tryAdmit() {
        if (throttle.paused()) {
            offered++;
            return false;
        }
        try {
            return admit();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** @return frames offered so far */
    public long offered() {
        return offered;
    }

    /** @return frames admitted to the detector so far */
    public long admitted() {
        return admitted;
    }
}
