package io.edgecv.examples.cli;

import io.edgecv.edge.events.EventLog;
import io.edgecv.edge.events.EventWriter;
import io.edgecv.edge.sync.EventSink;
import io.edgecv.edge.sync.SyncAgent;
import io.edgecv.edge.watchdog.CounterHeartbeat;
import io.edgecv.edge.watchdog.FileHeartbeat;
import io.edgecv.edge.watchdog.ProcessLauncher;
import io.edgecv.edge.watchdog.Supervisor;
import io.edgecv.edge.watchdog.SystemdNotifier;
import io.edgecv.edge.watchdog.ThreadLauncher;
import io.edgecv.edge.watchdog.WorkerLauncher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgecv run --config edge.yaml}: the device process. By default ({@code watchdog.mode: process}) this process
 * is the supervisor: it runs the inference worker ({@code edgecv run --worker}, a child JVM) under the watchdog,
 * sends the SQLite outbox to the sync sink, records restarts as events and feeds systemd's watchdog. With
 * {@code thread} the worker is a thread of this JVM; with {@code none} there is no watchdog.
 *
 * <p>SIGTERM: the worker stops reading, commits its last events and exits; the supervisor gives the sink a last
 * chance (at most 10 s) to take what is unsent, closes the log and exits 0. Unsent events stay in the outbox for the
 * next start. Exit codes: 0 done or stopped, 1 failure, 2 bad config, 3 crash loop.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a detector 24/7: source, model, skip policy, tracker, thermal throttling, power,"
                + " watchdog, SQLite event log and batch sync (MQTT or HTTP).",
            "Samples: examples/deploy/edge-pi5.yaml, examples/deploy/edge-jetson.properties."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "Settings, .yaml or .properties.")
    Path configFile;

    @Option(names = "--worker", hidden = true, description = "Run as the supervised worker (set by the supervisor).")
    boolean worker;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        RunConfig config = RunConfig.load(configFile);
        EdgeParts parts = new EdgeParts(config);
        if (worker) {
            return runWorker(config, FileHeartbeat.fromEnvironment(), out);
        }
        String mode = parts.watchdogMode();
        if (mode.equals("none")) {
            try (Background bg = Background.start(parts, out)) {
                return runWorker(config, new CounterHeartbeat(), out);
            }
        }
        return supervise(config, parts, mode, out);
    }

    /** The worker in this JVM until its source ends or SIGTERM. */
    private static int runWorker(RunConfig config, io.edgecv.edge.watchdog.Heartbeat hb, PrintWriter out)
            throws Exception {
        RunWorker w = new RunWorker(config, hb, out);
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger code = new AtomicInteger(1);
        Thread hook = new Thread(() -> {
            w.stop();
            exitAfter(done, 25, code);
        }, "edgecv-run-sigterm");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            w.run();
            code.set(0);
            return 0;
        } finally {
            done.countDown();
            removeHook(hook);
        }
    }

    private int supervise(RunConfig config, EdgeParts parts, String mode, PrintWriter out) throws Exception {
        SystemdNotifier notifier = SystemdNotifier.create();
        try (Background bg = Background.start(parts, out)) {
            WorkerLauncher launcher;
            if (mode.equals("process")) {
                launcher = new ProcessLauncher(workerCommand(parts.heartbeatDir()), Map.of(), parts.heartbeatDir());
            } else {
                launcher = new ThreadLauncher("edgecv-worker", (hb, generation) -> {
                    RunWorker w = new RunWorker(config, hb, out);
                    try {
                        w.run();
                    } catch (InterruptedException e) {
                        w.stop();
                        throw e;
                    }
                });
            }
            Supervisor supervisor = new Supervisor(launcher, parts.restartPolicy(), bg.writer::submit, notifier);
            out.println("supervising: " + supervisor.describe());
            out.flush();
            CountDownLatch done = new CountDownLatch(1);
            AtomicInteger code = new AtomicInteger(1);
            Thread hook = new Thread(() -> {
                supervisor.stop();
                exitAfter(done, 28, code);
            }, "edgecv-run-sigterm");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                Supervisor.Outcome outcome = supervisor.run();
                bg.close();
                out.println("supervisor: " + outcome + " after " + supervisor.restarts().size() + " restart(s), "
                        + supervisor.totalFrames() + " frames");
                out.flush();
                code.set(outcome == Supervisor.Outcome.CRASH_LOOP ? 3 : 0);
                return code.get();
            } finally {
                bg.close();
                done.countDown();
                removeHook(hook);
            }
        }
    }

    /**
     * The worker's command line: this JVM's java and class path. The class path goes through an argument file:
     * ONNX Runtime 1.29 crashes (SIGSEGV) while loading in a process whose command line is longer than about 4 KB,
     * which a class path of separate jars easily is (the shaded {@code edgecv.jar} is not).
     */
    private List<String> workerCommand(Path dir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.createDirectories(dir);
        Path args = dir.resolve("edgecv-worker-" + ProcessHandle.current().pid() + ".args");
        Files.writeString(args, "-cp \"" + System.getProperty("java.class.path")
                .replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n");
        args.toFile().deleteOnExit();
        return List.of(java, "@" + args, EdgeCvCli.class.getName(), "run", "--worker", "--config",
                configFile.toAbsolutePath().toString());
    }

    /** The supervisor's side of the outbox: the log (for restart events) and the sync agent. */
    private static final class Background implements AutoCloseable {
        final EventLog log;
        final EventWriter writer;
        final SyncAgent agent;
        private boolean closed;

        private Background(EventLog log, EventWriter writer, SyncAgent agent) {
            this.log = log;
            this.writer = writer;
            this.agent = agent;
        }

        static Background start(EdgeParts parts, PrintWriter out) throws Exception {
            EventLog log = parts.openLog();
            EventWriter writer = new EventWriter(log, parts.writerBatch());
            EventSink sink = parts.sink();
            SyncAgent agent = null;
            if (sink != null) {
                // the worker commits in another process: poll the outbox as well as waking on our own commits
                agent = new SyncAgent(log, sink, parts.syncBatch(), parts.syncBackoff(), Duration.ofMillis(500));
                writer.onCommit(agent::wake);
                agent.start();
                out.println("sync: " + sink.describe() + ", " + log.unsentCount() + " unsent in " + log.file());
            } else {
                out.println("sync: none (events stay in " + log.file() + ")");
            }
            out.flush();
            return new Background(log, writer, agent);
        }

        @Override
        public synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            writer.close();
            if (agent != null) {
                try {
                    agent.drain(Duration.ofSeconds(10));
                } catch (Exception e) {
                    // unsent events stay in the outbox for the next start
                } finally {
                    agent.close();
                }
            }
            log.close();
        }
    }

    /**
     * In the SIGTERM hook: waits for the main thread to finish flushing, then ends the JVM with its exit code (a
     * JVM ended by SIGTERM would otherwise exit with 143, which systemd counts as a failure).
     */
    private static void exitAfter(CountDownLatch done, int seconds, AtomicInteger code) {
        try {
            if (done.await(seconds, TimeUnit.SECONDS)) {
                System.out.flush();
                Runtime.getRuntime().halt(code.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running
        }
    }
}
