package io.edgecv.edge.watchdog;

import java.util.OptionalInt;

/**
 * One running generation of the worker, as the {@link Supervisor} sees it.
 *
 * <p>Thread-safety: implementations are thread-safe.
 */
public interface WorkerHandle {
    /** @return frames processed so far by this generation */
    long progress();

    /** @return true while the worker says it is idle on purpose (its silence is not a hang) */
    boolean idle();

    /** @return true while it runs */
    boolean alive();

    /**
     * @return when it ended: 0 for a normal end, anything else for a crash; empty while it runs
     */
    OptionalInt exitCode();

    /** @return why it crashed, if known (exception message or signal) */
    String failure();

    /** Stops it for good (hang): interrupt and abandon a thread, SIGKILL a process. */
    void kill();

    /**
     * Asks it to finish (shutdown): a process gets SIGTERM and {@code grace} to flush before SIGKILL; a thread is
     * interrupted.
     *
     * @param grace time allowed to finish
     */
    default void terminate(java.time.Duration grace) {
        kill();
    }
}
