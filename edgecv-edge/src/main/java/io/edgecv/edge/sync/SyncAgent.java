package io.edgecv.edge.sync;

import io.edgecv.EdgeCvException;
import io.edgecv.edge.Backoff;
import io.edgecv.edge.events.EventLog;
import io.edgecv.edge.events.StoredEvent;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox: takes the oldest unsent events (up to {@code batchSize}), hands them to the sink, and marks them
 * sent only after the sink returned (acknowledged). A failed batch is retried after an exponential backoff, for
 * ever: a device that is offline for days keeps its events in the log and catches up, oldest first, when the link
 * returns. A crash between the acknowledgement and the mark re-sends that batch; receivers de-duplicate by id.
 *
 * <p>Thread-safety: thread-safe; one agent thread does the sending.
 */
public final class SyncAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncAgent.class);

    private final EventLog log;
    private final EventSink sink;
    private final int batchSize;
    private final Backoff backoff;
    private final Duration idlePoll;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean signalled;
    private volatile long sent;
    private volatile long failedAttempts;
    private volatile int consecutiveFailures;
    private volatile String lastError = "";

    /**
     * @param log the outbox (not closed by the agent)
     * @param sink where to send (closed by {@link #close()})
     * @param batchSize events per batch, 1 to 10,000
     * @param backoff delay between failed attempts
     * @param idlePoll how often to look for events when nobody calls {@link #wake()}
     */
    public SyncAgent(EventLog log, EventSink sink, int batchSize, Backoff backoff, Duration idlePoll) {
        this.log = Objects.requireNonNull(log, "log");
        this.sink = Objects.requireNonNull(sink, "sink");
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("batchSize " + batchSize + " must be 1 to 10000");
        }
        this.batchSize = batchSize;
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.idlePoll = Objects.requireNonNull(idlePoll, "idlePoll");
        this.thread = new Thread(this::loop, "edgecv-sync");
        thread.setDaemon(true);
    }

    /**
     * Starts the agent thread.
     *
     * @return this
     */
    public SyncAgent start() {
        thread.start();
        LOG.info("sync agent started: {} (batches of {})", sink.describe(), batchSize);
        return this;
    }

    /** Asks the agent to look for events now (e.g. after a commit); cheap, never blocks on I/O. */
    public void wake() {
        signalled = true;
        if (lock.tryLock()) {
            try {
                wake.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** @return events acknowledged by the sink and marked sent since start */
    public long sent() {
        return sent;
    }

    /** @return failed batch attempts since start */
    public long failedAttempts() {
        return failedAttempts;
    }

    /** @return failures in a row now (0 when the last attempt succeeded) */
    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    /** @return the last failure's message, empty if none */
    public String lastError() {
        return lastError;
    }

    private void loop() {
        while (running) {
            try {
                List<StoredEvent> batch = log.unsent(batchSize);
                if (batch.isEmpty()) {
                    await(idlePoll);
                    continue;
                }
                log.countAttempt(batch);
                try {
                    sink.send(batch);
                } catch (SinkException e) {
                    fail(e.getMessage());
                    await(backoff.delay(consecutiveFailures));
                    continue;
                }
                log.markSent(batch, System.currentTimeMillis());
                sent += batch.size();
                if (consecutiveFailures > 0) {
                    LOG.info("sync: link back after {} failed attempts; sending the backlog", consecutiveFailures);
                }
                consecutiveFailures = 0;
            } catch (EdgeCvException | RuntimeException e) {
                fail("event log: " + e.getMessage());
                await(backoff.delay(consecutiveFailures));
            }
        }
    }

    private void fail(String message) {
        failedAttempts++;
        consecutiveFailures++;
        if (consecutiveFailures == 1 || Integer.bitCount(consecutiveFailures) == 1) {
            LOG.warn("sync to {} failed ({} in a row): {}", sink.describe(), consecutiveFailures, message);
        }
        lastError = message;
    }

    private void await(Duration d) {
        if (!running || d.isZero()) {
            return;
        }
        lock.lock();
        try {
            if (!signalled || consecutiveFailures > 0) {
                wake.await(d.toNanos(), TimeUnit.NANOSECONDS);
            }
            signalled = false;
        } catch (InterruptedException e) {
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the log has no unsent events or the timeout passes.
     *
     * @param timeout how long to wait
     * @return true when everything was sent
     * @throws EdgeCvException on a log error
     * @throws InterruptedException when interrupted
     */
    public boolean drain(Duration timeout) throws EdgeCvException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (log.unsentCount() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            wake();
            Thread.sleep(20);
        }
        return true;
    }

    /** Stops the agent after the batch in flight, closes the sink. Idempotent. */
    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sink.close();
    }
}
