package io.edgecv.edge.power;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgecv.edge.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Power sources against a fake sysfs and a fake vcgencmd; every expected figure is computed by hand. */
class PowerSourcesTest {
    @TempDir
    Path sys;

    private Path rapl(String zone, String name, long energy, long range) throws IOException {
        Path z = Files.createDirectories(sys.resolve("class/powercap/" + zone));
        Files.writeString(z.resolve("name"), name + "\n");
        Files.writeString(z.resolve("energy_uj"), energy + "\n");
        Files.writeString(z.resolve("max_energy_range_uj"), range + "\n");
        return z;
    }

    @Test
    void raplSumsPackagesIgnoresSubzonesAndUndoesTheWrap() throws Exception {
        Path p0 = rapl("intel-rapl:0", "package-0", 262_000_000_000L, 262_143_328_850L);
        Path p1 = rapl("intel-rapl:1", "package-1", 5_000_000L, 262_143_328_850L);
        rapl("intel-rapl:0:0", "core", 1_000_000L, 262_143_328_850L); // inside package-0: must not count
        RaplPowerSource s = RaplPowerSource.find(sys);
        assertThat(s.describe()).contains("package-0+package-1").doesNotContain("core");
        PowerMeter m = new PowerMeter(s, Duration.ofSeconds(1));
        m.begin(new PowerReading(0, s.read().joules(), Double.NaN));

        // package-0 wraps: 262,143,328,850 - 262,000,000,000 + 6,671,150 = 150,000,000 uJ = 150 J
        Files.writeString(p0.resolve("energy_uj"), "6671150\n");
        // package-1: 55,000,000 - 5,000,000 = 50 J
        Files.writeString(p1.resolve("energy_uj"), "55000000\n");
        PowerReading r = s.read();
        assertThat(r.joules()).isCloseTo(200.0, within(1e-9));
        m.add(new PowerReading(10_000_000_000L, r.joules(), Double.NaN)); // 10 s later
        PowerSummary sum = m.summary();
        assertThat(sum.watts()).isCloseTo(20.0, within(1e-9)); // 200 J / 10 s
        assertThat(sum.fpsPerWatt(30)).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void raplPermissionDeniedIsExplained() throws Exception {
        Path p0 = rapl("intel-rapl:0", "package-0", 1, 100);
        Files.setPosixFilePermissions(p0.resolve("energy_uj"), PosixFilePermissions.fromString("---------"));
        RaplPowerSource s = RaplPowerSource.find(sys);
        if (Files.isReadable(p0.resolve("energy_uj"))) {
            return; // running as root: permissions do not apply; the message is checked where they do
        }
        assertThatThrownBy(s::read).hasMessageContaining("permission denied");
    }

    private Path ina(String hwmon, String[] labels, long[] mv, long[] ma, boolean[] enabled) throws IOException {
        Path h = Files.createDirectories(sys.resolve("class/hwmon/" + hwmon));
        Files.writeString(h.resolve("name"), "ina3221\n");
        for (int i = 0; i < labels.length; i++) {
            int ch = i + 1;
            Files.writeString(h.resolve("in" + ch + "_label"), labels[i] + "\n");
            Files.writeString(h.resolve("in" + ch + "_input"), mv[i] + "\n");
            Files.writeString(h.resolve("curr" + ch + "_input"), ma[i] + "\n");
            Files.writeString(h.resolve("in" + ch + "_enable"), (enabled[i] ? "1" : "0") + "\n");
            // shunt voltage channels in4..6 (uV) exist too and must not be read as rails
            Files.writeString(h.resolve("in" + (ch + 3) + "_input"), "12345\n");
        }
        return h;
    }

    @Test
    void jetsonOrinUsesVddInAlone() throws Exception {
        ina("hwmon3", new String[] {"VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"}, new long[] {5072, 5064, 5064},
                new long[] {1288, 312, 704}, new boolean[] {true, true, true});
        Ina3221PowerSource s = Ina3221PowerSource.find(sys);
        assertThat(s.describe()).contains("VDD_IN");
        // 5072 mV * 1288 mA = 6.532736 W
        assertThat(s.read().watts()).isCloseTo(6.532736, within(1e-9));
    }

    @Test
    void withoutVddInTheEnabledRailsAreSummed() throws Exception {
        ina("hwmon1", new String[] {"VDD_GPU_SOC", "VDD_CPU_CV", "VIN_SYS_5V0"}, new long[] {19000, 19000, 5000},
                new long[] {500, 250, 1000}, new boolean[] {true, true, false});
        Ina3221PowerSource s = Ina3221PowerSource.find(sys);
        // 19 V * 0.5 A + 19 V * 0.25 A = 9.5 + 4.75 = 14.25 W; the disabled rail is left out
        assertThat(s.read().watts()).isCloseTo(14.25, within(1e-9));
        assertThat(s.describe()).contains("VDD_GPU_SOC+VDD_CPU_CV").doesNotContain("VIN_SYS_5V0");
    }

    static final String PMIC_OUTPUT = String.join("\n",
            "     3V7_WL_SW_A current(0)=0.00000000A",
            "       3V3_SYS_A current(1)=0.10000000A",
            "       1V8_SYS_A current(2)=0.50000000A",
            "      VDD_CORE_A current(7)=2.00000000A",
            "     3V7_WL_SW_V volt(8)=3.71269500V",
            "       3V3_SYS_V volt(9)=3.30000000V",
            "       1V8_SYS_V volt(10)=1.80000000V",
            "      VDD_CORE_V volt(15)=0.80000000V",
            "         EXT5V_V volt(24)=5.15088000V",
            "          BATT_V volt(25)=0.00000000V", "");

    @Test
    void pi5PmicSumsRailsWithBothFigures() throws Exception {
        // 0 * 3.712695 + 0.1 * 3.3 + 0.5 * 1.8 + 2.0 * 0.8 = 0.33 + 0.9 + 1.6 = 2.83 W; EXT5V_V has no current
        assertThat(PmicPowerSource.parseWatts(PMIC_OUTPUT)).isCloseTo(2.83, within(1e-9));
        Path exe = sys.resolve("vcgencmd");
        Files.writeString(exe, "#!/bin/sh\n[ \"$1\" = pmic_read_adc ] && cat \"$(dirname \"$0\")/pmic.out\"\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(sys.resolve("pmic.out"), PMIC_OUTPUT);
        CommandRunner runner = new CommandRunner(exe.toString(), Duration.ofSeconds(5));
        assertThat(new PmicPowerSource(runner).read().watts()).isCloseTo(2.83, within(1e-9));
        PowerSources.Detection d = PowerSources.detect(sys, runner);
        assertThat(d.source()).get().isInstanceOf(PmicPowerSource.class);
        assertThatThrownBy(() -> PmicPowerSource.parseWatts("error=1 error_msg=\"Command not registered\""))
                .hasMessageContaining("Command not registered");
    }

    @Test
    void instantaneousReadingsAreIntegratedOverTime() throws Exception {
        PowerMeter m = new PowerMeter(new PmicPowerSource(new CommandRunner("vcgencmd", Duration.ofSeconds(1))),
                Duration.ofSeconds(1));
        m.begin(new PowerReading(0, Double.NaN, 4.0));
        m.add(new PowerReading(1_000_000_000L, Double.NaN, 6.0)); // (4 + 6) / 2 * 1 s = 5 J
        m.add(new PowerReading(3_000_000_000L, Double.NaN, 6.0)); // 6 * 2 s = 12 J
        PowerSummary s = m.summary();
        assertThat(s.joules()).isCloseTo(17.0, within(1e-9));
        assertThat(s.watts()).isCloseTo(17.0 / 3, within(1e-9));
        assertThat(s.readings()).isEqualTo(3);
    }

    @Test
    void noSourceSaysWhyForEach() {
        PowerSources.Detection d = PowerSources.detect(sys.resolve("empty"),
                new CommandRunner(sys.resolve("no-vcgencmd").toString(), Duration.ofSeconds(1)));
        assertThat(d.source()).isEmpty();
        assertThat(d.whyNone()).contains("INA3221:").contains("Pi 5 PMIC:").contains("RAPL:")
                .contains("does not exist");
    }

    @Test
    void thisMachine() {
        // what the real /sys offers here: reported, not asserted (CI machines differ)
        PowerSources.Detection d = PowerSources.detect();
        System.out.println("power source on this machine: "
                + d.source().map(PowerSource::describe).orElse(d.whyNone()));
    }
}
