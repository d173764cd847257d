package io.edgecv.edge.thermal;

import io.edgecv.edge.SysfsFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * hwmon temperature inputs ({@code <sys>/class/hwmon/hwmon*}) of the devices whose {@code name} is given (for example
 * {@code cpu_thermal} on a Pi, {@code coretemp} or {@code k10temp} on x86); every {@code temp*_input} (millidegrees)
 * of those devices counts and the hottest is reported.
 *
 * <p>Thread-safety: immutable; reads go to the file system each time.
 */
public final class HwmonTemperatures implements TemperatureSource {
    private final List<Path> inputs;
    private final String description;

    private HwmonTemperatures(List<Path> inputs, String description) {
        this.inputs = inputs;
        this.description = description;
    }

    /**
     * @param sysRoot usually {@code /sys}
     * @param names hwmon device names
     * @return the source
     * @throws IOException naming the devices found when none matches or they have no temperature input
     */
    public static HwmonTemperatures find(Path sysRoot, Collection<String> names) throws IOException {
        Path dir = sysRoot.resolve("class/hwmon");
        List<Path> inputs = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "hwmon*")) {
                for (Path h : ds) {
                    Path nameFile = h.resolve("name");
                    if (!Files.isReadable(nameFile)) {
                        continue;
                    }
                    String name = Files.readString(nameFile).strip();
                    seen.add(name);
                    if (names.contains(name)) {
                        try (DirectoryStream<Path> ts = Files.newDirectoryStream(h, "temp*_input")) {
                            ts.forEach(inputs::add);
                        }
                    }
                }
            }
        }
        if (inputs.isEmpty()) {
            throw new IOException("no hwmon temperature input for " + names + " under " + dir
                    + (seen.isEmpty() ? " (no hwmon devices)" : "; hwmon devices here: " + seen));
        }
        inputs.sort(null);
        return new HwmonTemperatures(List.copyOf(inputs), "hwmon " + inputs.stream()
                .map(p -> p.getParent().getFileName() + "/" + p.getFileName()).collect(Collectors.joining(",")));
    }

    @Override
    public double celsius() throws IOException {
        double max = Double.NEGATIVE_INFINITY;
        for (Path p : inputs) {
            max = Math.max(max, SysfsFiles.readLong(p) / 1000.0);
        }
        return max;
    }

    @Override
    public String describe() {
        return description;
    }
}
