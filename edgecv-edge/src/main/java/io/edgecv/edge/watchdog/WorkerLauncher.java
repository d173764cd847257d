package io.edgecv.edge.watchdog;

/**
 * Starts a new generation of the worker.
 *
 * <p>Thread-safety: called from the supervisor thread only.
 */
public interface WorkerLauncher {
    /**
     * @param generation 1 for the first start, 2 for the first restart, ...
     * @return the running worker
     * @throws Exception when it cannot be started (counted as a crash)
     */
    WorkerHandle launch(int generation) throws Exception;

    /** @return what runs, for logs */
    String describe();
}
