package io.edgecv.examples.cli;

import io.edgecv.spi.Availability;
import io.edgecv.spi.BackendProvider;
import io.edgecv.spi.Backends;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code edgecv backends}: every backend on the class path, the formats it opens, and why it cannot run. */
@Command(name = "backends", mixinStandardHelpOptions = true,
        description = "List the backends found, the model formats they open, and whether they can run here.")
final class BackendsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-10s %-9s %-18s %s%n", "BACKEND", "PRIORITY", "FORMATS", "STATUS");
        for (BackendProvider p : Backends.providers()) {
            Availability a = Backends.availability(p);
            out.printf("%-10s %-9d %-18s %s%n", p.name(), p.priority(), p.formats(),
                    a.isAvailable() ? "available" : "unavailable: " + a.reason());
        }
        out.flush();
        return 0;
    }
}
