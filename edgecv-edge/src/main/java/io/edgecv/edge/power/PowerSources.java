package io.edgecv.edge.power;

import io.edgecv.edge.CommandRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the power source of this machine: the Jetson INA3221 rails, the Pi 5 PMIC, or x86 RAPL, in that order, each
 * tried for real (one reading). When none works the result says, for each, why not.
 *
 * <p>Thread-safety: stateless.
 */
public final class PowerSources {
    private PowerSources() {
    }

    /**
     * What {@link #detect} found.
     *
     * @param source the working source, if any
     * @param tried one line per source tried, with why it was not used
     */
    public record Detection(Optional<PowerSource> source, List<String> tried) {
        /** @return a one-line explanation when there is no source */
        public String whyNone() {
            return "no power source on this machine (" + String.join("; ", tried) + ")";
        }
    }

    /**
     * @param sysRoot usually {@code /sys}
     * @param vcgencmd runs {@code vcgencmd}
     * @return the first source that gives a reading, and what was tried
     */
    public static Detection detect(Path sysRoot, CommandRunner vcgencmd) {
        List<String> tried = new ArrayList<>();
        try {
            PowerSource s = Ina3221PowerSource.find(sysRoot);
            s.read();
            return new Detection(Optional.of(s), tried);
        } catch (IOException e) {
            tried.add("INA3221: " + e.getMessage());
        }
        if (vcgencmd.available()) {
            try {
                PowerSource s = new PmicPowerSource(vcgencmd);
                s.read();
                return new Detection(Optional.of(s), tried);
            } catch (IOException e) {
                tried.add("Pi 5 PMIC: " + e.getMessage());
            }
        } else {
            tried.add("Pi 5 PMIC: " + vcgencmd.executable() + " not found");
        }
        try {
            PowerSource s = RaplPowerSource.find(sysRoot);
            s.read();
            return new Detection(Optional.of(s), tried);
        } catch (IOException e) {
            tried.add("RAPL: " + e.getMessage());
        }
        return new Detection(Optional.empty(), tried);
    }

    /**
     * @return {@link #detect} on {@code /sys} with {@code vcgencmd} from {@code PATH}
     */
    public static Detection detect() {
        return detect(Path.of("/sys"), new CommandRunner("vcgencmd", Duration.ofSeconds(5)));
    }

    /**
     * Opens a named source.
     *
     * @param name {@code auto}, {@code rapl}, {@code ina3221}, {@code pmic} or {@code none}
     * @param sysRoot usually {@code /sys}
     * @param vcgencmd runs {@code vcgencmd}
     * @return the source, or empty for {@code none} and for {@code auto} when nothing is found
     * @throws IOException when a named source is not there
     */
    public static Optional<PowerSource> open(String name, Path sysRoot, CommandRunner vcgencmd) throws IOException {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "none":
                return Optional.empty();
            case "auto":
                return detect(sysRoot, vcgencmd).source();
            case "rapl":
                return Optional.of(RaplPowerSource.find(sysRoot));
            case "ina3221":
                return Optional.of(Ina3221PowerSource.find(sysRoot));
            case "pmic":
                PmicPowerSource p = new PmicPowerSource(vcgencmd);
                p.read();
                return Optional.of(p);
            default:
                throw new IllegalArgumentException("power source '" + name
                        + "' is not one of auto, rapl, ina3221, pmic, none");
        }
    }
}
