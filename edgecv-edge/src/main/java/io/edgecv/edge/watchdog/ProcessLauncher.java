package io.edgecv.edge.watchdog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Runs the worker as a child process, so that a crash in native code (a segfault in a runtime) kills only the child.
 * Each generation gets a fresh heartbeat file, passed in {@link FileHeartbeat#ENV}; the child beats through
 * {@link FileHeartbeat#fromEnvironment()}. A hang is ended with SIGKILL ({@link Process#destroyForcibly()}); the
 * child's output goes where this process's goes (journald under systemd).
 *
 * <p>Thread-safety: called from the supervisor thread only.
 */
public final class ProcessLauncher implements WorkerLauncher {
    /** The environment variable holding the child's generation (1 for the first start). */
    public static final String GENERATION_ENV = "EDGECV_WORKER_GENERATION";

    private final List<String> command;
    private final Map<String, String> environment;
    private final Path heartbeatDir;

    /**
     * @param command the worker's command line, e.g. {@code java -cp app.jar com.example.Worker}
     * @param environment extra environment variables for the child
     * @param heartbeatDir where heartbeat files are created (a tmpfs such as {@code /run} spares the SD card)
     */
    public ProcessLauncher(List<String> command, Map<String, String> environment, Path heartbeatDir) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("worker command is empty");
        }
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.heartbeatDir = Objects.requireNonNull(heartbeatDir, "heartbeatDir");
    }

    @Override
    public WorkerHandle launch(int generation) throws IOException {
        Files.createDirectories(heartbeatDir);
        Path hbFile = heartbeatDir.resolve("heartbeat-" + ProcessHandle.current().pid() + "-" + generation);
        Files.deleteIfExists(hbFile);
        FileHeartbeat hb = FileHeartbeat.open(hbFile);
        ProcessBuilder pb = new ProcessBuilder(command).inheritIO();
        pb.environment().putAll(environment);
        pb.environment().put(FileHeartbeat.ENV, hbFile.toString());
        pb.environment().put(GENERATION_ENV, String.valueOf(generation));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            hb.close();
            throw new IOException("cannot start worker " + command.get(0) + ": " + e.getMessage(), e);
        }
        return new Handle(p, hb);
    }

    @Override
    public String describe() {
        return "process " + String.join(" ", command.subList(0, Math.min(command.size(), 4)))
                + (command.size() > 4 ? " ..." : "");
    }

    private static final class Handle implements WorkerHandle {
        private final Process process;
        private final FileHeartbeat hb;

        Handle(Process process, FileHeartbeat hb) {
            this.process = process;
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
            return process.isAlive();
        }

        @Override
        public OptionalInt exitCode() {
            if (process.isAlive()) {
                return OptionalInt.empty();
            }
            hb.close();
            try {
                Files.deleteIfExists(hb.file());
            } catch (IOException ignored) {
                // a stale heartbeat file is harmless; the next generation uses a new name
            }
            return OptionalInt.of(process.exitValue());
        }

        @Override
        public String failure() {
            if (process.isAlive()) {
                return "";
            }
            int c = process.exitValue();
            return "exit code " + c + (c > 128 ? " (killed by signal " + (c - 128) + "?)" : "");
        }

        @Override
        public void terminate(java.time.Duration grace) {
            process.destroy();
            try {
                if (!process.waitFor(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                kill();
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void kill() {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
