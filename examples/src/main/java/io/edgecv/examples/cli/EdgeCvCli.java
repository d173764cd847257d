package io.edgecv.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code edgecv} command line. Each subcommand is one class in this package; add new ones to
 * {@code subcommands} below.
 */
@Command(name = "edgecv", mixinStandardHelpOptions = true, version = "EdgeCV 0.1.0-SNAPSHOT",
        description = "Run computer-vision detectors on edge devices.",
        subcommands = {
            DetectCommand.class,
            BackendsCommand.class,
            BenchmarkCommand.class,
            QuantizeCommand.class,
            ConvertCommand.class,
            TrackCommand.class,
            RunCommand.class,
            PruneCommand.class,
            DistillCommand.class,
        })
public final class EdgeCvCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * @param args command line
     */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * @return the command line. Every error is one line on stderr, {@code edgecv: what went wrong}, naming the
     *         file concerned; the exit code is {@link CliException#USAGE} (2) for a command line that is wrong and
     *         {@link CliException#FAILURE} (1) for a command that failed. The stack trace follows only with
     *         {@code -Dedgecv.debug=true}.
     */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new EdgeCvCli());
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine c = e.getCommandLine();
            c.getErr().println("edgecv: " + oneLine(e.getMessage()) + " (see 'edgecv "
                    + c.getCommandSpec().qualifiedName(" ").replaceFirst("^edgecv ?", "") + " --help')");
            c.getErr().flush();
            return CliException.USAGE;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("edgecv: " + message(e));
            if (Boolean.getBoolean("edgecv.debug")) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return e instanceof CliException ? ((CliException) e).exitCode() : CliException.FAILURE;
        });
        return cli;
    }

    /** The one-line message of a failure: file-system errors say which file and what happened. */
    static String message(Exception e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file: " + ((java.nio.file.FileSystemException) e).getFile();
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied: " + ((java.nio.file.FileSystemException) e).getFile();
        }
        if (e instanceof java.nio.file.FileSystemException) {
            java.nio.file.FileSystemException f = (java.nio.file.FileSystemException) e;
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : e.getClass().getSimpleName());
        }
        return oneLine(e.getMessage() != null ? e.getMessage() : e.toString());
    }

    private static String oneLine(String s) {
        return s.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
