package io.edgecv.examples.cli;

/**
 * A command-line error printed as one line, {@code edgecv: <message>}, with its exit code: {@link #USAGE} (2) when
 * the command line itself is wrong (an unknown option, a value out of range, an output format that cannot be
 * written), {@link #FAILURE} (1) when a command that was understood could not be done (a file missing, unreadable,
 * damaged, too large; a model that does not open).
 *
 * <p>Thread-safety: immutable.
 */
final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** Exit code of a command line that is wrong. */
    static final int USAGE = 2;
    /** Exit code of a command that failed. */
    static final int FAILURE = 1;

    private final int exitCode;

    private CliException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    /** @return an error in the command line (exit code 2) */
    static CliException usage(String message) {
        return new CliException(message, USAGE, null);
    }

    /** @return a command that could not be done (exit code 1) */
    static CliException failure(String message, Throwable cause) {
        return new CliException(message, FAILURE, cause);
    }

    int exitCode() {
        return exitCode;
    }
}
