package io.edgecv.edge.thermal;

import io.edgecv.edge.SysfsFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Linux thermal zones ({@code <sys>/class/thermal/thermal_zone*}) selected by their {@code type}; reports the
 * hottest. {@code temp} is in millidegrees Celsius. The zone numbers change between boards and kernels, the types
 * do not, hence selection by type.
 *
 * <p>Thread-safety: immutable; reads go to the file system each time.
 */
public final class SysfsThermalZones implements TemperatureSource {
    /** Raspberry Pi (4, 5): the SoC zone. */
    public static final Set<String> RASPBERRY_PI = Set.of("cpu-thermal");
    /**
     * Jetson: Orin/Xavier ({@code cpu-thermal}, {@code gpu-thermal}, {@code soc0..2-thermal}, {@code tj-thermal})
     * and Nano/TX2 ({@code CPU-therm}, {@code GPU-therm}, {@code SOC-therm}); matched without case.
     */
    public static final Set<String> JETSON = Set.of("cpu-thermal", "gpu-thermal", "soc0-thermal", "soc1-thermal",
            "soc2-thermal", "tj-thermal", "cpu-therm", "gpu-therm", "soc-therm");

    private final List<Path> zones;
    private final String description;

    private SysfsThermalZones(List<Path> zones, String description) {
        this.zones = zones;
        this.description = description;
    }

    /**
     * @param sysRoot usually {@code /sys}; a temporary directory in tests
     * @param types zone types to use (matched without case)
     * @return the source
     * @throws IOException naming the types found when none matches
     */
    public static SysfsThermalZones find(Path sysRoot, Collection<String> types) throws IOException {
        Set<String> wanted = types.stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        Path dir = sysRoot.resolve("class/thermal");
        List<Path> found = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "thermal_zone*")) {
                for (Path z : ds) {
                    Path typeFile = z.resolve("type");
                    if (!Files.isReadable(typeFile)) {
                        continue;
                    }
                    String type = Files.readString(typeFile).strip();
                    seen.add(z.getFileName() + "=" + type);
                    if (wanted.contains(type.toLowerCase(Locale.ROOT))) {
                        found.add(z);
                    }
                }
            }
        }
        if (found.isEmpty()) {
            throw new IOException("no thermal zone of type " + types + " under " + dir
                    + (seen.isEmpty() ? " (no thermal zones at all: not a Pi/Jetson, or /sys not mounted)"
                            : "; found " + seen + ": pick one of those types"));
        }
        found.sort(null);
        String desc = "sysfs " + found.stream().map(z -> z.getFileName().toString()).collect(Collectors.joining(","))
                + " " + types;
        return new SysfsThermalZones(List.copyOf(found), desc);
    }

    @Override
    public double celsius() throws IOException {
        double max = Double.NEGATIVE_INFINITY;
        for (Path z : zones) {
            max = Math.max(max, SysfsFiles.readLong(z.resolve("temp")) / 1000.0);
        }
        return max;
    }

    /**
     * @return the lowest {@code critical} trip point of the selected zones in Celsius, if the kernel declares one
     * @throws IOException when a trip point cannot be read
     */
    public OptionalDouble criticalTrip() throws IOException {
        OptionalDouble min = OptionalDouble.empty();
        for (Path z : zones) {
            for (int i = 0; Files.exists(z.resolve("trip_point_" + i + "_type")); i++) {
                if ("critical".equals(Files.readString(z.resolve("trip_point_" + i + "_type")).strip())) {
                    double c = SysfsFiles.readLong(z.resolve("trip_point_" + i + "_temp")) / 1000.0;
                    min = OptionalDouble.of(min.isPresent() ? Math.min(min.getAsDouble(), c) : c);
                }
            }
        }
        return min;
    }

    @Override
    public String describe() {
        return description;
    }
}
