package io.edgecv.edge.thermal;

import io.edgecv.edge.CommandRunner;
import java.io.IOException;
import java.util.Objects;

/**
 * The Raspberry Pi firmware's {@code vcgencmd}: {@code measure_temp} ({@code temp=47.2'C}) as a temperature source,
 * and {@code get_throttled} for under-voltage and firmware throttling flags.
 *
 * <p>Thread-safety: immutable.
 */
public final class Vcgencmd implements TemperatureSource {
    private final CommandRunner runner;

    /** @param runner runs {@code vcgencmd} (a path can point at another executable, e.g. in tests) */
    public Vcgencmd(CommandRunner runner) {
        this.runner = Objects.requireNonNull(runner, "runner");
    }

    @Override
    public double celsius() throws IOException {
        String out = runner.run("measure_temp").strip();
        // temp=47.2'C
        int eq = out.indexOf("temp=");
        int end = out.indexOf('\'', eq + 5);
        if (eq < 0 || end < 0) {
            throw new IOException("vcgencmd measure_temp printed '" + out + "', expected temp=<number>'C");
        }
        try {
            return Double.parseDouble(out.substring(eq + 5, end));
        } catch (NumberFormatException e) {
            throw new IOException("vcgencmd measure_temp printed '" + out + "', expected temp=<number>'C", e);
        }
    }

    /**
     * @return the firmware's throttling flags
     * @throws IOException when the command fails or prints something else
     */
    public ThrottledFlags throttled() throws IOException {
        try {
            return ThrottledFlags.parse(runner.run("get_throttled"));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** @return the runner */
    public CommandRunner runner() {
        return runner;
    }

    @Override
    public String describe() {
        return runner.executable() + " measure_temp";
    }
}
