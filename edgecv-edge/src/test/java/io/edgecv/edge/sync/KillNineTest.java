package io.edgecv.edge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.edge.events.EventLog;
import io.edgecv.edge.testing.CountingSubscriber;
import io.edgecv.edge.testing.MosquittoBroker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The headline check: {@code kill -9} of the producing process during a burst of 10,000 events, then a restart;
 * a subscriber on a real Mosquitto broker must see every id (0 lost) and its de-duplicator must accept each exactly
 * once (0 duplicated). Once with the broker up, once with the broker stopped during the burst and started later.
 */
class KillNineTest {
    private static final int COUNT = 10_000;
    private static final String TOPIC = "edgecv/test-device/events";

    @TempDir
    Path dir;

    @Test
    void killDuringBurstLosesAndDuplicatesNothing() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir);
             CountingSubscriber sub = new CountingSubscriber(broker.uri(), TOPIC + "/#")) {
            Child first = Child.start(dir.resolve("events.db"), broker.uri());
            first.awaitLine(l -> l.startsWith("committed") && committed(l) >= 4000 && sent(l) >= 500, 30);
            first.kill();
            assertThat(sub.distinct().size()).as("killed mid-burst, not after it").isLessThan(COUNT);

            Child second = Child.start(dir.resolve("events.db"), broker.uri());
            second.awaitLine(l -> l.startsWith("DONE"), 40);
            second.awaitExit();

            assertDeliveredOnce(sub, dir.resolve("events.db"));
        }
    }

    @Test
    void brokerDownDuringBurstThenKillThenBrokerBack() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir);
             CountingSubscriber sub = new CountingSubscriber(broker.uri(), TOPIC + "/#")) {
            Child first = Child.start(dir.resolve("events.db"), broker.uri());
            first.awaitLine(l -> l.startsWith("committed") && committed(l) >= 2000 && sent(l) >= 200, 30);
            broker.stopProcess();
            first.awaitLine(l -> l.startsWith("committed") && committed(l) >= 6000, 30);
            first.kill();

            Child second = Child.start(dir.resolve("events.db"), broker.uri());
            second.awaitLine(l -> l.equals("BURST COMPLETE"), 30);
            try (EventLog log = EventLog.open(dir.resolve("events.db"))) {
                assertThat(log.count()).isEqualTo(COUNT);
                assertThat(log.unsentCount()).as("offline: the backlog waits in the outbox").isPositive();
            }
            broker.startProcess();
            second.awaitLine(l -> l.startsWith("DONE"), 40);
            second.awaitExit();

            assertDeliveredOnce(sub, dir.resolve("events.db"));
        }
    }

    private static void assertDeliveredOnce(CountingSubscriber sub, Path db) throws Exception {
        boolean all = sub.awaitDistinct(COUNT, 30_000);
        long missing = COUNT - sub.distinct().size();
        System.out.printf("kill -9 test: %d distinct ids received, %d missing, %d raw messages (%d redeliveries"
                + " rejected by the de-duplicator), %d accepted%n", sub.distinct().size(), missing, sub.raw(),
                sub.dedup().duplicates(), sub.dedup().accepted());
        assertThat(all).as("all %d events arrived", COUNT).isTrue();
        assertThat(missing).as("lost").isZero();
        for (int i = 0; i < COUNT; i++) {
            assertThat(sub.distinct()).contains(String.format("burst-%05d", i));
        }
        assertThat(sub.dedup().accepted()).as("accepted exactly once each").isEqualTo(COUNT);
        assertThat(sub.raw() - sub.dedup().accepted()).as("redeliveries = rejected duplicates")
                .isEqualTo(sub.dedup().duplicates());
        try (EventLog log = EventLog.open(db)) {
            assertThat(log.count()).as("each event logged once").isEqualTo(COUNT);
            assertThat(log.unsentCount()).isZero();
        }
    }

    private static int committed(String line) {
        return Integer.parseInt(line.split(" ")[1]);
    }

    private static long sent(String line) {
        return Long.parseLong(line.split(" ")[3]);
    }

    /** A forked JVM running {@link BurstChild} with this test's class path. */
    static final class Child {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private Child(Process p) {
            this.process = p;
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String l;
                    while ((l = r.readLine()) != null) {
                        lines.add(l);
                    }
                } catch (IOException ignored) {
                    // the child was killed
                }
            });
            t.setDaemon(true);
            t.start();
        }

        static Child start(Path db, String broker) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", BurstChild.class.getName(),
                    db.toString(), broker, TOPIC, String.valueOf(COUNT));
            return new Child(new ProcessBuilder(cmd).redirectErrorStream(true).start());
        }

        void awaitLine(Predicate<String> p, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            StringBuilder seen = new StringBuilder();
            while (System.nanoTime() < deadline) {
                String l = lines.poll(100, TimeUnit.MILLISECONDS);
                if (l != null) {
                    if (p.test(l)) {
                        return;
                    }
                    if (!l.startsWith("committed")) {
                        seen.append(l).append('\n');
                    }
                } else if (!process.isAlive() && lines.isEmpty()) {
                    throw new AssertionError("child exited with " + process.exitValue() + " before the expected"
                            + " line; output:\n" + seen);
                }
            }
            throw new AssertionError("child did not print the expected line within " + seconds + " s; output:\n"
                    + seen);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL
            process.waitFor();
        }

        void awaitExit() throws InterruptedException {
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).as("child exits").isTrue();
            assertThat(process.exitValue()).isZero();
        }
    }
}
