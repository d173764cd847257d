package io.edgecv.edge.watchdog;

/**
 * Progress of a worker: call {@link #beat()} once per frame actually processed. Not a timer: a worker stuck in a
 * native call or a dead-locked pipeline stops beating even though its threads are alive.
 *
 * <p>Thread-safety: thread-safe; {@link #beat()} is one ordered write, no allocation.
 */
public interface Heartbeat {
    /** Counts one more processed frame. */
    void beat();

    /** @return frames counted so far */
    long count();

    /**
     * Says the worker is idle on purpose (a thermal pause) or busy again. While idle the supervisor does not count
     * the silence as a hang; the first frame after it restarts the clock.
     *
     * @param idle true while deliberately not processing
     */
    void idle(boolean idle);

    /** @return true while the worker says it is idle on purpose */
    boolean idle();

    /**
     * @return false once the supervisor has given up on this worker (hang): a worker must then stop and must not
     *         publish results, so that nothing is counted twice when its replacement processes the same frames
     */
    boolean current();
}
