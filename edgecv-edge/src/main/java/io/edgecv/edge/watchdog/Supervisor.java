package io.edgecv.edge.watchdog;

import io.edgecv.edge.events.EventType;
import io.edgecv.edge.events.NewEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one worker running: starts it, watches its {@link Heartbeat} (frames processed), and restarts it when it
 * crashes (ends with a non-zero code or an exception) or hangs (no new frame within the hang timeout, or within the
 * start timeout before its first frame; a worker that declares itself {@link Heartbeat#idle idle}, as during a
 * thermal pause, is not hanging), after the {@link RestartPolicy}'s backoff. Stops restarting on a crash loop.
 * Every restart and the crash loop are reported as {@link EventType#RESTART} events; systemd is fed
 * {@code WATCHDOG=1} while the supervisor itself runs.
 *
 * <p>Thread-safety: {@link #run()} on one thread; {@link #stop()} and the getters from any thread.
 */
public final class Supervisor {
    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    /** How {@link #run()} ended. */
    public enum Outcome {
        /** The worker finished normally (exit 0). */
        COMPLETED,
        /** The worker kept failing without progress; restarts stopped. */
        CRASH_LOOP,
        /** {@link #stop()} was called. */
        STOPPED
    }

    /**
     * One restart.
     *
     * @param generation the generation that failed
     * @param reason {@code hang} or {@code crash}
     * @param detail the exit code, exception or silence
     * @param framesBefore frames the failed generation processed
     * @param silentNanos time from its last progress (or start) to the moment it was replaced
     * @param delay the backoff before the next generation
     */
    public record Restart(int generation, String reason, String detail, long framesBefore, long silentNanos,
            Duration delay) {
    }

    private final WorkerLauncher launcher;
    private final RestartPolicy policy;
    private final Consumer<NewEvent> events;
    private final SystemdNotifier notifier;
    private final long startMillis = System.currentTimeMillis();
    private final List<Restart> restarts = new ArrayList<>();
    private volatile boolean stopping;
    private volatile WorkerHandle current;
    private volatile long totalFrames;
    private boolean readySent;
    private long lastPing;

    /**
     * @param launcher starts a generation
     * @param policy when to restart
     * @param events receives RESTART events (e.g. an event writer's submit)
     * @param notifier sd_notify, or {@link SystemdNotifier#none()}
     */
    public Supervisor(WorkerLauncher launcher, RestartPolicy policy, Consumer<NewEvent> events,
            SystemdNotifier notifier) {
        this.launcher = Objects.requireNonNull(launcher, "launcher");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.events = Objects.requireNonNull(events, "events");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
    }

    /**
     * Supervises until the worker completes, a crash loop, or {@link #stop()}.
     *
     * @return how it ended
     * @throws InterruptedException when interrupted (the current worker is killed first)
     */
    public Outcome run() throws InterruptedException {
        int generation = 0;
        int failures = 0;
        long poll = policy.pollInterval().toNanos();
        try {
            while (!stopping) {
                generation++;
                WorkerHandle w;
                long started = System.nanoTime();
                try {
                    w = launcher.launch(generation);
                } catch (Exception e) {
                    failures++;
                    if (failed(generation, "crash", "cannot start: " + e.getMessage(), 0, 0, failures)) {
                        return Outcome.CRASH_LOOP;
                    }
                    continue;
                }
                current = w;
                long seen = 0;
                long lastProgress = started;
                String reason = null;
                String detail = null;
                while (!stopping) {
                    long p = w.progress();
                    long now = System.nanoTime();
                    if (w.idle()) {
                        lastProgress = now; // a deliberate pause (thermal) is not a hang
                    }
                    if (p != seen) {
                        totalFrames += p - seen;
                        seen = p;
                        lastProgress = now;
                        if (!readySent) {
                            readySent = true;
                            notifier.ready();
                        }
                    }
                    OptionalInt exit = w.exitCode();
                    if (exit.isPresent()) {
                        if (exit.getAsInt() == 0) {
                            LOG.info("worker generation {} finished after {} frames", generation, seen);
                            return Outcome.COMPLETED;
                        }
                        reason = "crash";
                        detail = w.failure();
                        break;
                    }
                    long allowed = (seen == 0 ? policy.startTimeout() : policy.hangTimeout()).toNanos();
                    if (now - lastProgress > allowed) {
                        reason = "hang";
                        detail = "no frame for " + (now - lastProgress) / 1_000_000 + " ms after " + seen
                                + " frames";
                        w.kill();
                        break;
                    }
                    ping(now);
                    Thread.sleep(Math.max(1, poll / 1_000_000));
                }
                if (stopping) {
                    break;
                }
                failures = seen > 0 ? 1 : failures + 1;
                if (failed(generation, reason, detail, seen, System.nanoTime() - lastProgress, failures)) {
                    return Outcome.CRASH_LOOP;
                }
            }
            return Outcome.STOPPED;
        } finally {
            WorkerHandle w = current;
            if (w != null && w.alive()) {
                if (stopping) {
                    w.terminate(Duration.ofSeconds(10));
                } else {
                    w.kill();
                }
            }
        }
    }

    /** @return true for a crash loop; otherwise waits the backoff */
    private boolean failed(int generation, String reason, String detail, long frames, long silent, int failures)
            throws InterruptedException {
        long now = System.currentTimeMillis();
        if (failures >= policy.crashLoopFailures()) {
            LOG.error("crash loop: worker failed {} times in a row without processing a frame (last: {} {});"
                    + " not restarting", failures, reason, detail);
            events.accept(new NewEvent("restart/" + startMillis + "/" + generation + "/crash-loop",
                    EventType.RESTART, now, String.format(Locale.ROOT,
                            "{\"crashLoop\":true,\"failures\":%d,\"generation\":%d,\"reason\":\"%s\",\"detail\":%s}",
                            failures, generation, reason, json(detail))));
            notifier.status("crash loop: " + reason + " " + detail);
            return true;
        }
        Duration delay = policy.backoff().delay(failures);
        Restart r = new Restart(generation, reason, detail, frames, silent, delay);
        synchronized (restarts) {
            restarts.add(r);
        }
        LOG.warn("worker generation {} {}: {}; restart {} in {} ms", generation, reason, detail, generation + 1,
                delay.toMillis());
        events.accept(new NewEvent("restart/" + startMillis + "/" + generation, EventType.RESTART, now,
                String.format(Locale.ROOT, "{\"generation\":%d,\"reason\":\"%s\",\"detail\":%s,\"frames\":%d,"
                        + "\"delayMs\":%d}", generation, reason, json(detail), frames, delay.toMillis())));
        long until = System.nanoTime() + delay.toNanos();
        while (!stopping && System.nanoTime() < until) {
            ping(System.nanoTime());
            Thread.sleep(Math.max(1, Math.min(delay.toMillis(), 100)));
        }
        return false;
    }

    private void ping(long now) {
        if (now - lastPing > 1_000_000_000L) {
            lastPing = now;
            notifier.watchdog();
        }
    }

    private static String json(String s) {
        String v = s == null ? "" : s;
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ") + "\"";
    }

    /** Asks {@link #run()} to return; the running worker is killed. */
    public void stop() {
        stopping = true;
        notifier.stopping();
    }

    /** @return the restarts so far, oldest first */
    public List<Restart> restarts() {
        synchronized (restarts) {
            return List.copyOf(restarts);
        }
    }

    /** @return frames processed over all generations */
    public long totalFrames() {
        return totalFrames;
    }

    /** @return a short description */
    public String describe() {
        return launcher.describe() + ", hang after " + policy.hangTimeout().toMillis() + " ms";
    }
}
