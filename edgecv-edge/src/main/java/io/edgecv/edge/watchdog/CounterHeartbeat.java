package io.edgecv.edge.watchdog;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * An in-process {@link Heartbeat}: a counter in memory.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class CounterHeartbeat implements Heartbeat {
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(CounterHeartbeat.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // through COUNT
    private volatile long count;
    private volatile boolean current = true;
    private volatile boolean idle;

    @Override
    public void beat() {
        COUNT.getAndAdd(this, 1L);
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public void idle(boolean idle) {
        this.idle = idle;
    }

    @Override
    public boolean idle() {
        return idle;
    }

    @Override
    public boolean current() {
        return current;
    }

    /** Marks this worker as abandoned. */
    void retire() {
        current = false;
    }
}
