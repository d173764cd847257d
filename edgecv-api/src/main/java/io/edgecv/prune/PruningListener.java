package io.edgecv.prune;

/**
 * Told of pruning progress, for a progress bar. Called on the thread running the pruner.
 *
 * <p>Thread-safety: implementations are called from one thread at a time.
 */
@FunctionalInterface
public interface PruningListener {
    /** Ignores progress. */
    PruningListener NONE = (stage, done, total) -> { };

    /**
     * @param stage what is running, such as {@code "statistics"} or {@code "refit conv_18"}
     * @param done units done in this stage, from 1
     * @param total units in this stage
     */
    void progress(String stage, int done, int total);
}
