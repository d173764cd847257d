package io.edgecv.edge.watchdog;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.edge.Backoff;
import io.edgecv.edge.events.EventType;
import io.edgecv.edge.events.NewEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SupervisorTest {
    private static final Duration HANG = Duration.ofMillis(50);
    /** How late a replacement may come after the last frame: the hang timeout, one poll, the backoff, slack. */
    private static final long DEADLINE_NANOS = HANG.toNanos() + 150_000_000L;

    @Test
    void aHangingWorkerIsRestartedWithinItsDeadline100TimesInARow() throws Exception {
        Map<Integer, AtomicInteger> results = new ConcurrentHashMap<>(); // frame -> times its result was counted
        AtomicInteger nextFrame = new AtomicInteger(); // the source position, shared across restarts
        List<NewEvent> events = new CopyOnWriteArrayList<>();
        ThreadLauncher launcher = new ThreadLauncher("hangs", (hb, generation) -> {
            while (true) {
                int frame = nextFrame.get();
                if (generation > 100 && frame >= 100 * 3 + 10) {
                    return; // the 101st generation finishes the stream
                }
                if (generation <= 100 && hb.count() == 3) {
                    // hang in the middle of frame 'frame': stuck until the supervisor gives up on us
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        // interrupted by the supervisor
                    }
                }
                if (!hb.current()) {
                    return; // abandoned: the replacement processes this frame; don't count it here too
                }
                results.computeIfAbsent(frame, f -> new AtomicInteger()).incrementAndGet();
                nextFrame.incrementAndGet();
                hb.beat();
            }
        });
        RestartPolicy policy = new RestartPolicy(HANG, Duration.ofSeconds(2),
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(20)), 3);
        Supervisor s = new Supervisor(launcher, policy, events::add, SystemdNotifier.none());
        assertThat(s.run()).isEqualTo(Supervisor.Outcome.COMPLETED);

        List<Supervisor.Restart> r = s.restarts();
        assertThat(r).hasSize(100);
        long worst = 0;
        for (Supervisor.Restart x : r) {
            assertThat(x.reason()).isEqualTo("hang");
            assertThat(x.framesBefore()).isEqualTo(3);
            assertThat(x.delay()).as("progress resets the backoff").isEqualTo(Duration.ofMillis(1));
            assertThat(x.silentNanos()).as("generation %d replaced within its deadline", x.generation())
                    .isLessThanOrEqualTo(DEADLINE_NANOS).isGreaterThanOrEqualTo(HANG.toNanos());
            worst = Math.max(worst, x.silentNanos());
        }
        System.out.printf("100 hangs: every one replaced within %.0f ms of its last frame (timeout %d ms)%n",
                worst / 1e6, HANG.toMillis());
        assertThat(results).hasSize(310);
        assertThat(results.values()).as("no frame result counted twice across a restart")
                .allMatch(c -> c.get() == 1);
        assertThat(events).hasSize(100).allMatch(e -> e.type() == EventType.RESTART);
        assertThat(events).extracting(NewEvent::id).doesNotHaveDuplicates();
    }

    @Test
    void aThermalPauseIsNotAHang() throws Exception {
        io.edgecv.edge.thermal.ThermalGovernor g = new io.edgecv.edge.thermal.ThermalGovernor(
                io.edgecv.edge.thermal.ThermalPolicy.DEFAULT);
        io.edgecv.edge.FrameGate gate = new io.edgecv.edge.FrameGate(g);
        java.util.concurrent.atomic.AtomicBoolean heated = new java.util.concurrent.atomic.AtomicBoolean();
        ThreadLauncher launcher = new ThreadLauncher("pauses", (hb, generation) -> {
            for (int frame = 0; frame < 20; frame++) {
                if (frame == 5 && heated.compareAndSet(false, true)) {
                    g.update(95); // critical: the next admit waits, 6 hang timeouts long
                    new Thread(() -> {
                        try {
                            Thread.sleep(6 * HANG.toMillis());
                        } catch (InterruptedException ignored) {
                            // test ends
                        }
                        g.update(70);
                    }).start();
                }
                gate.admit(hb);
                hb.beat();
            }
        });
        Supervisor s = new Supervisor(launcher, new RestartPolicy(HANG, Duration.ofSeconds(2),
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)), 2), e -> { }, SystemdNotifier.none());
        assertThat(s.run()).isEqualTo(Supervisor.Outcome.COMPLETED);
        assertThat(s.restarts()).isEmpty();
        assertThat(s.totalFrames()).isEqualTo(20);
    }

    @Test
    void aCrashLoopStopsRestartingAndIsReported() throws Exception {
        AtomicInteger starts = new AtomicInteger();
        List<NewEvent> events = new CopyOnWriteArrayList<>();
        ThreadLauncher launcher = new ThreadLauncher("crashes", (hb, generation) -> {
            starts.incrementAndGet();
            throw new IllegalStateException("model file missing");
        });
        RestartPolicy policy = new RestartPolicy(HANG, Duration.ofSeconds(1),
                new Backoff(Duration.ofMillis(10), Duration.ofMillis(1000)), 4);
        Supervisor s = new Supervisor(launcher, policy, events::add, SystemdNotifier.none());
        assertThat(s.run()).isEqualTo(Supervisor.Outcome.CRASH_LOOP);
        assertThat(starts.get()).isEqualTo(4);
        assertThat(s.restarts()).extracting(Supervisor.Restart::delay)
                .as("exponential backoff while failing without progress")
                .containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(40));
        assertThat(s.restarts()).allMatch(x -> x.reason().equals("crash")
                && x.detail().contains("model file missing"));
        NewEvent last = events.get(events.size() - 1);
        assertThat(last.type()).isEqualTo(EventType.RESTART);
        assertThat(last.payloadJson()).contains("\"crashLoop\":true").contains("\"failures\":4");
    }

    @Test
    void aWorkerThatNeverStartsIsAHangAfterTheStartTimeout() throws Exception {
        ThreadLauncher launcher = new ThreadLauncher("silent", (hb, generation) -> Thread.sleep(60_000));
        RestartPolicy policy = new RestartPolicy(HANG, Duration.ofMillis(100),
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)), 2);
        Supervisor s = new Supervisor(launcher, policy, e -> { }, SystemdNotifier.none());
        long t0 = System.nanoTime();
        assertThat(s.run()).isEqualTo(Supervisor.Outcome.CRASH_LOOP);
        assertThat(s.restarts()).singleElement().satisfies(x -> {
            assertThat(x.reason()).isEqualTo("hang");
            assertThat(x.silentNanos()).isGreaterThanOrEqualTo(100_000_000L);
        });
        assertThat(System.nanoTime() - t0).isLessThan(5_000_000_000L);
    }
}
