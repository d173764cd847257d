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
            PruneCommand.class,
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
     * @return the command line, with failures reported as one line ("edgecv: what went wrong"); the stack trace
     *         follows only with {@code -Dedgecv.debug=true}
     */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new EdgeCvCli());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("edgecv: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            if (Boolean.getBoolean("edgecv.debug")) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().flush();
            return 1;
        });
        return cli;
    }
}
