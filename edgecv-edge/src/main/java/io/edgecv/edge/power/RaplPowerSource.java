package io.edgecv.edge.power;

import io.edgecv.edge.SysfsFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Intel/AMD RAPL through the Linux powercap framework: the top-level {@code package-N} zones
 * ({@code <sys>/class/powercap/intel-rapl:N}), whose {@code energy_uj} counts microjoules and wraps at
 * {@code max_energy_range_uj}. The wrap is undone between readings (read at least once per wrap period, minutes at
 * full load). This is CPU package energy, not the whole machine.
 *
 * <p>Since Linux 5.10 (CVE-2020-8694) {@code energy_uj} is readable by root only; the error says so.
 *
 * <p>Thread-safety: not thread-safe (keeps the last raw counter per zone).
 */
public final class RaplPowerSource implements PowerSource {
    private final List<Path> zones;
    private final long[] range;
    private final long[] lastRaw;
    private final double[] totalUj;
    private final String description;

    private RaplPowerSource(List<Path> zones, long[] range, String description) {
        this.zones = zones;
        this.range = range;
        this.lastRaw = new long[zones.size()];
        this.totalUj = new double[zones.size()];
        java.util.Arrays.fill(lastRaw, -1);
        this.description = description;
    }

    /**
     * @param sysRoot usually {@code /sys}
     * @return the source over all package zones
     * @throws IOException when there is no powercap RAPL zone (the message says what is there)
     */
    public static RaplPowerSource find(Path sysRoot) throws IOException {
        Path dir = sysRoot.resolve("class/powercap");
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " does not exist: no powercap (not x86, or a VM/container without RAPL)");
        }
        List<Path> zones = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "intel-rapl:*")) {
            for (Path z : ds) {
                String zn = z.getFileName().toString();
                if (zn.indexOf(':') != zn.lastIndexOf(':')) {
                    continue; // a subzone (core, uncore, dram) is inside its package: counting it would double it
                }
                String name = Files.readString(z.resolve("name")).strip();
                if (name.startsWith("package")) {
                    zones.add(z);
                    names.add(name);
                }
            }
        }
        if (zones.isEmpty()) {
            throw new IOException("no RAPL package zone under " + dir);
        }
        zones.sort(null);
        long[] range = new long[zones.size()];
        for (int i = 0; i < zones.size(); i++) {
            range[i] = SysfsFiles.readLong(zones.get(i).resolve("max_energy_range_uj"));
        }
        return new RaplPowerSource(List.copyOf(zones), range,
                "RAPL " + names.stream().sorted().collect(Collectors.joining("+")) + " (CPU package, not the board)");
    }

    @Override
    public PowerReading read() throws IOException {
        long t = System.nanoTime();
        double sum = 0;
        for (int i = 0; i < zones.size(); i++) {
            long raw = SysfsFiles.readLong(zones.get(i).resolve("energy_uj"));
            if (lastRaw[i] >= 0) {
                long delta = raw >= lastRaw[i] ? raw - lastRaw[i] : range[i] - lastRaw[i] + raw;
                totalUj[i] += delta;
            }
            lastRaw[i] = raw;
            sum += totalUj[i];
        }
        return new PowerReading(t, sum / 1e6, Double.NaN);
    }

    @Override
    public String describe() {
        return description;
    }
}
