package io.edgecv.edge.power;

import io.edgecv.edge.SysfsFiles;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The INA3221 power monitors of a Jetson through the upstream hwmon driver ({@code name} = {@code ina3221}): per
 * channel {@code in[123]_input} is the bus voltage in mV, {@code curr[123]_input} the current in mA,
 * {@code in[123]_label} the rail name and {@code in[123]_enable} whether it is on. A rail's watts are
 * {@code mV * mA / 1e6}.
 *
 * <p>When a rail named {@code VDD_IN} (the board input on Orin and Xavier NX modules) is present, it alone is the
 * total, since the other rails are parts of it; otherwise the enabled rails are summed and the description says so.
 *
 * <p>Thread-safety: immutable; reads go to the file system each time.
 */
public final class Ina3221PowerSource implements PowerSource {
    /** One channel. */
    private record Rail(String label, Path volt, Path curr) {
    }

    private final List<Rail> rails;
    private final String description;

    private Ina3221PowerSource(List<Rail> rails, String description) {
        this.rails = rails;
        this.description = description;
    }

    /**
     * @param sysRoot usually {@code /sys}
     * @return the source
     * @throws IOException when no ina3221 hwmon device with an enabled channel exists
     */
    public static Ina3221PowerSource find(Path sysRoot) throws IOException {
        Path dir = sysRoot.resolve("class/hwmon");
        List<Rail> all = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "hwmon*")) {
                List<Path> devices = new ArrayList<>();
                ds.forEach(devices::add);
                devices.sort(null);
                for (Path h : devices) {
                    Path name = h.resolve("name");
                    if (!Files.isReadable(name) || !"ina3221".equals(Files.readString(name).strip())) {
                        continue;
                    }
                    for (int ch = 1; ch <= 3; ch++) {
                        Path volt = h.resolve("in" + ch + "_input");
                        Path curr = h.resolve("curr" + ch + "_input");
                        Path enable = h.resolve("in" + ch + "_enable");
                        if (!Files.exists(volt) || !Files.exists(curr)
                                || (Files.exists(enable) && SysfsFiles.readLong(enable) == 0)) {
                            continue;
                        }
                        Path label = h.resolve("in" + ch + "_label");
                        String l = Files.exists(label) ? Files.readString(label).strip()
                                : h.getFileName() + "/ch" + ch;
                        all.add(new Rail(l, volt, curr));
                    }
                }
            }
        }
        if (all.isEmpty()) {
            throw new IOException("no ina3221 hwmon device with an enabled channel under " + dir
                    + " (not a Jetson, or an L4T release with the older iio driver)");
        }
        for (Rail r : all) {
            if (r.label().toUpperCase(Locale.ROOT).equals("VDD_IN")) {
                return new Ina3221PowerSource(List.of(r), "INA3221 VDD_IN (module input)");
            }
        }
        StringBuilder d = new StringBuilder("INA3221 sum of ");
        for (int i = 0; i < all.size(); i++) {
            d.append(i > 0 ? "+" : "").append(all.get(i).label());
        }
        return new Ina3221PowerSource(List.copyOf(all), d.append(" (metered rails only)").toString());
    }

    @Override
    public PowerReading read() throws IOException {
        long t = System.nanoTime();
        double w = 0;
        for (Rail r : rails) {
            w += SysfsFiles.readLong(r.volt()) * (double) SysfsFiles.readLong(r.curr()) / 1e6;
        }
        return new PowerReading(t, Double.NaN, w);
    }

    @Override
    public String describe() {
        return description;
    }
}
