package io.edgecv.edge.events;

import io.edgecv.EdgeCvException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit in front of an {@link EventLog}: producers {@link #submit} events without waiting for the disk, and
 * one writer thread commits whatever is pending as one transaction (at most {@code maxBatch} events). The future of
 * an event completes only after its transaction committed, so an acknowledgement always means durable. One fsync is
 * shared by the whole batch, which is what makes {@link Durability#POWER_LOSS} affordable on an SD card.
 *
 * <p>After each commit the log's cap is applied every {@code capEvery} commits.
 *
 * <p>Thread-safety: thread-safe; any thread may submit.
 */
public final class EventWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventWriter.class);
    private static final int CAP_EVERY = 64;

    private record Pending(NewEvent event, CompletableFuture<Void> done) {
    }

    private final EventLog log;
    private final int maxBatch;
    private final LongSupplier clock;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closing;
    private volatile Runnable afterCommit = () -> { };
    private long commits;

    /**
     * Starts the writer thread.
     *
     * @param log the log to write (not closed by this writer)
     * @param maxBatch most events per transaction, at least 1
     */
    public EventWriter(EventLog log, int maxBatch) {
        this(log, maxBatch, System::currentTimeMillis);
    }

    EventWriter(EventLog log, int maxBatch, LongSupplier clock) {
        this.log = Objects.requireNonNull(log, "log");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch " + maxBatch + " must be at least 1");
        }
        this.maxBatch = maxBatch;
        this.clock = clock;
        this.thread = new Thread(this::run, "edgecv-event-writer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            loop();
        } finally {
            // a submit that raced with close(): refuse it rather than leave its future pending for ever
            Pending p;
            while ((p = queue.poll()) != null) {
                p.done().completeExceptionally(new IllegalStateException("event writer closed before committing "
                        + (p.event() == null ? "a flush" : "event " + p.event().id())));
            }
        }
    }

    /**
     * @param r run after each commit on the writer thread (e.g. to wake a sync agent); must not block
     */
    public void onCommit(Runnable r) {
        this.afterCommit = Objects.requireNonNull(r, "r");
    }

    /**
     * @param event the event
     * @return completes once the event is committed (an id already in the log commits as a no-op), or
     *         exceptionally when the commit failed
     * @throws IllegalStateException after {@link #close()}
     */
    public CompletableFuture<Void> submit(NewEvent event) {
        Objects.requireNonNull(event, "event");
        if (closing) {
            throw new IllegalStateException("event writer is closed; event " + event.id() + " not accepted");
        }
        CompletableFuture<Void> f = new CompletableFuture<>();
        queue.add(new Pending(event, f));
        return f;
    }

    /**
     * Waits until everything submitted before this call is committed.
     *
     * @throws EdgeCvException when a commit failed
     * @throws InterruptedException when interrupted while waiting
     */
    public void flush() throws EdgeCvException, InterruptedException {
        CompletableFuture<Void> marker = new CompletableFuture<>();
        queue.add(new Pending(null, marker));
        try {
            marker.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new EdgeCvException("event log flush failed: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /** @return events submitted and not yet committed */
    public int pending() {
        return queue.size();
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        List<NewEvent> events = new ArrayList<>(maxBatch);
        while (true) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
            } catch (InterruptedException e) {
                if (queue.isEmpty()) {
                    return;
                }
                queue.drainTo(batch, maxBatch);
            }
            events.clear();
            for (Pending p : batch) {
                if (p.event() != null) {
                    events.add(p.event());
                }
            }
            commit(batch, events);
            batch.clear();
        }
    }

    private void commit(List<Pending> batch, List<NewEvent> events) {
        try {
            // the batch may repeat an id (a producer resubmitting); INSERT OR IGNORE keeps the first
            log.append(events);
            for (Pending p : batch) {
                p.done().complete(null);
            }
            if (++commits % CAP_EVERY == 0) {
                log.enforceCap(clock.getAsLong());
            }
            afterCommit.run();
        } catch (EdgeCvException | RuntimeException e) {
            LOG.error("event commit of {} events failed: {}", events.size(), e.getMessage());
            for (Pending p : batch) {
                p.done().completeExceptionally(e);
            }
        }
    }

    /** Commits what is pending, stops the thread. Idempotent; does not close the log. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
