package io.edgecv.examples.cli;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Keeps the native runtimes' chatter off the console while a detector is built. TensorFlow Lite prints
 * {@code INFO: Created TensorFlow Lite XNNPACK delegate for CPU.} from C++ straight to file descriptor 2 when it
 * creates an interpreter, and the JavaCPP presets expose no way to raise its minimum log severity
 * ({@code tflite::LoggerOptions} is not exported by the bundled library). So, on Linux and macOS, file descriptor
 * 2 is pointed at a temporary file around the build (with {@code dup}/{@code dup2} through JNA), and afterwards
 * every line written there is copied back to stderr except TFLite's INFO lines; warnings and errors still show.
 * {@code -Dedgecv.nativeLogs=true} turns the filter off.
 *
 * <p>Thread-safety: for the command line's single thread; it swaps the process's stderr while it runs.
 */
final class NativeLogs {
    /** TFLite's informational lines (minimal logging at INFO severity). */
    private static final Pattern DROPPED = Pattern.compile("INFO: (Created TensorFlow Lite|Initialized TensorFlow"
            + " Lite runtime).*");
    private static final int STDERR = 2;
    private static final int O_WRONLY = 1;

    /** The C library functions used; loaded on first use. */
    interface LibC extends Library {
        int dup(int fd);

        int dup2(int from, int to);

        int open(String path, int flags);

        int close(int fd);
    }

    /** Work that may throw. */
    @FunctionalInterface
    interface Action<T, E extends Exception> {
        T run() throws E;
    }

    private NativeLogs() {
    }

    /**
     * Runs {@code action} with native INFO lines kept off stderr.
     *
     * @return what the action returns
     * @throws E what the action throws
     */
    static <T, E extends Exception> T quietly(Action<T, E> action) throws E {
        if (Boolean.getBoolean("edgecv.nativeLogs") || !(Platform.isLinux() || Platform.isMac())) {
            return action.run();
        }
        LibC c;
        Path capture;
        int saved;
        try {
            c = Native.load("c", LibC.class);
            capture = Files.createTempFile("edgecv-stderr", ".log");
        } catch (IOException | LinkageError | RuntimeException e) {
            return action.run(); // no redirection possible: show everything rather than fail
        }
        System.err.flush();
        saved = c.dup(STDERR);
        int fd = saved < 0 ? -1 : c.open(capture.toString(), O_WRONLY);
        if (fd < 0 || c.dup2(fd, STDERR) < 0) {
            if (fd >= 0) {
                c.close(fd);
            }
            if (saved >= 0) {
                c.close(saved);
            }
            deleteQuietly(capture);
            return action.run();
        }
        c.close(fd);
        try {
            return action.run();
        } finally {
            System.err.flush();
            c.dup2(saved, STDERR);
            c.close(saved);
            replay(capture, System.err);
            deleteQuietly(capture);
        }
    }

    private static void replay(Path capture, PrintStream err) {
        try {
            for (String line : Files.readAllLines(capture, StandardCharsets.UTF_8)) {
                if (!DROPPED.matcher(line).matches()) {
                    err.println(line);
                }
            }
            err.flush();
        } catch (IOException e) {
            err.println("edgecv: could not copy native messages back from " + capture + ": " + e.getMessage());
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // a temporary file left behind is harmless
        }
    }
}
