package io.edgecv.edge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Runs a small command such as {@code vcgencmd measure_temp} and returns its output. The executable is configurable
 * (a full path, or a name looked up on {@code PATH}), so a test or an unusual install can point it elsewhere.
 *
 * <p>Thread-safety: immutable.
 */
public final class CommandRunner {
    private final String executable;
    private final Duration timeout;

    /**
     * @param executable e.g. {@code vcgencmd} or {@code /usr/bin/vcgencmd}
     * @param timeout how long one call may take
     */
    public CommandRunner(String executable, Duration timeout) {
        this.executable = Objects.requireNonNull(executable, "executable");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** @return the executable */
    public String executable() {
        return executable;
    }

    /**
     * @param args arguments
     * @return standard output
     * @throws IOException when the command is missing, fails, or times out (the message says which)
     */
    public String run(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(executable);
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run " + executable + " (" + e.getMessage() + "); on a Raspberry Pi it is"
                    + " in the libraspberrypi-bin / raspi-utils package", e);
        }
        try {
            p.getOutputStream().close();
            // the commands read here print a few hundred bytes, well inside a pipe's buffer, so waiting first
            // cannot dead-lock and lets a hanging command time out
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " did not finish within " + timeout);
            }
            byte[] out = p.getInputStream().readAllBytes();
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", cmd) + " exited with " + p.exitValue() + ": " + text.strip());
            }
            return text;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(String.join(" ", cmd) + " interrupted", e);
        }
    }

    /**
     * @return true if the executable can be started (a path that exists, or a name found on {@code PATH})
     */
    public boolean available() {
        if (executable.contains("/")) {
            return java.nio.file.Files.isExecutable(java.nio.file.Path.of(executable));
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (!d.isEmpty() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(d, executable))) {
                return true;
            }
        }
        return false;
    }
}
