package io.edgecv.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the {@code edgecv} command line as a user does ({@link EdgeCvCli#commandLine()}) and captures what it says. */
final class CliRun {
    private CliRun() {
    }

    /**
     * @param args the command line
     * @return the exit code (as text), what was written to stdout and what was written to stderr
     */
    static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = EdgeCvCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }
}
