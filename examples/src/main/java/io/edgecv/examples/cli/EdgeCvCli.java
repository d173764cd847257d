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
        int code = new CommandLine(new EdgeCvCli()).execute(args);
        System.exit(code);
    }
}
