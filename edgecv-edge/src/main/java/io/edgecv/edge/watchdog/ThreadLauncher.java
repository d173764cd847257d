package io.edgecv.edge.watchdog;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Runs the worker as a thread of this JVM. Cheap to restart, but a thread stuck in native code cannot be stopped,
 * only abandoned (its {@link Heartbeat#current()} turns false), and a native crash kills the JVM with it: use
 * {@link ProcessLauncher} where that matters.
 *
 * <p>Thread-safety: called from the supervisor thread only.
 */
public final class ThreadLauncher implements WorkerLauncher {
    /** The worker's body. */
    @FunctionalInterface
    public interface Worker {
        /**
         * Runs until done; beats once per processed frame; returns when finished, throws on failure; stops when
         * interrupted or when {@code heartbeat.current()} turns false.
         *
         * @param heartbeat this generation's heartbeat
         * @param generation 1 for the first start
         * @throws Exception a crash
         */
        void run(Heartbeat heartbeat, int generation) throws Exception;
    }

    private final Worker worker;
    private final String name;

    /**
     * @param name for logs and the thread name
     * @param worker the body
     */
    public ThreadLauncher(String name, Worker worker) {
        this.name = Objects.requireNonNull(name, "name");
        this.worker = Objects.requireNonNull(worker, "worker");
    }

    @Override
    public WorkerHandle launch(int generation) {
        CounterHeartbeat hb = new CounterHeartbeat();
        Handle h = new Handle(hb);
        Thread t = new Thread(() -> {
            try {
                worker.run(hb, generation);
                h.exit = 0;
            } catch (Throwable e) {
                h.failure = e.toString();
                h.exit = 1;
            }
        }, name + "-" + generation);
        t.setDaemon(true);
        h.thread = t;
        t.start();
        return h;
    }

    @Override
    public String describe() {
        return "thread " + name;
    }

    private static final class Handle implements WorkerHandle {
        private final CounterHeartbeat hb;
        private volatile Thread thread;
        private volatile int exit = -1;
        private volatile String failure = "";

        Handle(CounterHeartbeat hb) {
            this.hb = hb;
        }

        @Override
        public long progress() {
            return hb.count();
        }

        @Override
        public boolean idle() {
            return hb.idle();
        }

        @Override
        public boolean alive() {
            return exit < 0;
        }

        @Override
        public OptionalInt exitCode() {
            return exit < 0 ? OptionalInt.empty() : OptionalInt.of(exit);
        }

        @Override
        public String failure() {
            return failure;
        }

        @Override
        public void kill() {
            hb.retire();
            thread.interrupt();
        }
    }
}
