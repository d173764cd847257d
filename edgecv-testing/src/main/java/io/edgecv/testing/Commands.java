package io.edgecv.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the registry clients (npm, apt-get, dpkg-deb, tar) as child processes.
 *
 * <p>Thread-safety: stateless.
 */
final class Commands {
    private static final long TIMEOUT_MINUTES = 15;

    private Commands() {
    }

    /** A command that could not be started or failed; the message says which and how. */
    static final class Failed extends IOException {
        private static final long serialVersionUID = 1L;

        Failed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * @param dir working directory
     * @param env extra environment variables
     * @param command the command
     * @return its standard output and error, merged
     * @throws IOException if it cannot be started, fails or takes over 15 minutes
     */
    static String run(Path dir, Map<String, String> env, List<String> command) throws IOException {
        Path log = Files.createTempFile(dir, "cmd", ".log");
        try {
            return new String(runTo(dir, env, command, log), StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static byte[] runTo(Path dir, Map<String, String> env, List<String> command, Path log)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new Failed("`" + command.get(0) + "` is not installed (" + e.getMessage() + ")", e);
        }
        p.getOutputStream().close();
        waitFor(p, command);
        byte[] out = Files.readAllBytes(log);
        if (p.exitValue() != 0) {
            String text = new String(out, StandardCharsets.UTF_8).strip();
            throw new Failed("`" + String.join(" ", command) + "` failed (exit " + p.exitValue() + "): "
                    + (text.length() > 600 ? text.substring(text.length() - 600) : text), null);
        }
        return out;
    }

    /**
     * Streams a command's standard output to a consumer (its error output is kept for the message).
     *
     * @param dir working directory
     * @param command the command
     * @param consumer reads the output
     * @throws IOException if it cannot be started or fails
     */
    static void stream(Path dir, List<String> command, StreamConsumer consumer) throws IOException {
        Path err = Files.createTempFile(dir, "cmd", ".err");
        try {
            Process p;
            try {
                p = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile())
                        .redirectError(err.toFile()).start();
            } catch (IOException e) {
                throw new Failed("`" + command.get(0) + "` is not installed (" + e.getMessage() + ")", e);
            }
            p.getOutputStream().close();
            try (InputStream in = p.getInputStream()) {
                consumer.accept(in);
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
            waitFor(p, command);
            if (p.exitValue() != 0) {
                throw new Failed("`" + String.join(" ", command) + "` failed (exit " + p.exitValue() + "): "
                        + Files.readString(err).strip(), null);
            }
        } finally {
            Files.deleteIfExists(err);
        }
    }

    private static void waitFor(Process p, List<String> command) throws IOException {
        try {
            if (!p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new Failed("`" + String.join(" ", command) + "` did not finish in " + TIMEOUT_MINUTES
                        + " minutes", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new Failed("interrupted while running `" + String.join(" ", command) + "`", e);
        }
    }

    /** Reads a command's output. */
    @FunctionalInterface
    interface StreamConsumer {
        void accept(InputStream in) throws IOException;
    }
}
