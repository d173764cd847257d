package io.edgecv.edge.watchdog;

import io.edgecv.edge.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * When the {@link Supervisor} restarts and when it gives up.
 *
 * <p>A generation that processed at least one frame before failing was healthy: the failure count starts again at
 * one. A generation that fails before its first frame adds one; {@code crashLoopFailures} such failures in a row are
 * a crash loop (a model that cannot load, a camera that is gone), reported and not restarted further.
 *
 * <p>Thread-safety: immutable.
 *
 * @param hangTimeout no new frame within this time is a hang
 * @param startTimeout time allowed from start to the first frame (loading a model takes seconds)
 * @param backoff delay before restart {@code n} of a failure streak
 * @param crashLoopFailures failures in a row without progress that stop the restarts, at least 1
 */
public record RestartPolicy(Duration hangTimeout, Duration startTimeout, Backoff backoff, int crashLoopFailures) {
    /** Checks the values. */
    public RestartPolicy {
        Objects.requireNonNull(hangTimeout, "hangTimeout");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(backoff, "backoff");
        if (hangTimeout.toMillis() < 10 || startTimeout.toMillis() < 10) {
            throw new IllegalArgumentException("hang and start timeouts (" + hangTimeout + ", " + startTimeout
                    + ") must be at least 10 ms");
        }
        if (crashLoopFailures < 1) {
            throw new IllegalArgumentException("crashLoopFailures " + crashLoopFailures + " must be at least 1");
        }
    }

    /** @return how often the supervisor looks: a fifth of the hang timeout, at most 250 ms */
    public Duration pollInterval() {
        return Duration.ofMillis(Math.max(2, Math.min(250, hangTimeout.toMillis() / 5)));
    }
}
