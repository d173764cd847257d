package io.edgecv.edge.thermal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgecv.edge.CommandRunner;
import io.edgecv.edge.events.EventType;
import io.edgecv.edge.events.NewEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Temperature sources against a fake sysfs root and a fake vcgencmd (a shell script). */
class ThermalSourcesTest {
    @TempDir
    Path sys;

    static void zone(Path sys, int n, String type, long milli) throws IOException {
        Path z = Files.createDirectories(sys.resolve("class/thermal/thermal_zone" + n));
        Files.writeString(z.resolve("type"), type + "\n");
        Files.writeString(z.resolve("temp"), milli + "\n");
    }

    /** A fake vcgencmd: prints the content of files next to it, so the test can change them between calls. */
    static Path fakeVcgencmd(Path dir) throws IOException {
        Path script = dir.resolve("vcgencmd");
        Files.writeString(script, "#!/bin/sh\nd=$(dirname \"$0\")\ncase \"$1\" in\n"
                + "  measure_temp) cat \"$d/temp.out\" ;;\n"
                + "  get_throttled) cat \"$d/throttled.out\" ;;\n"
                + "  pmic_read_adc) cat \"$d/pmic.out\" ;;\n"
                + "  *) echo \"error=1 error_msg=\\\"Command not registered\\\"\" ; exit 255 ;;\n"
                + "esac\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    @Test
    void piZoneFoundByTypeNotByNumber() throws Exception {
        zone(sys, 0, "rp1_adc", 40_000);
        zone(sys, 3, "cpu-thermal", 61_234);
        SysfsThermalZones s = SysfsThermalZones.find(sys, SysfsThermalZones.RASPBERRY_PI);
        assertThat(s.celsius()).isCloseTo(61.234, within(1e-9));
        assertThat(s.describe()).contains("thermal_zone3");
    }

    @Test
    void jetsonReportsTheHottestOfCpuGpuSoc() throws Exception {
        zone(sys, 0, "cpu-thermal", 55_500);
        zone(sys, 1, "gpu-thermal", 71_000);
        zone(sys, 2, "soc0-thermal", 60_000);
        zone(sys, 9, "fan-est", 99_000); // not a Jetson SoC zone: ignored
        Path z1 = sys.resolve("class/thermal/thermal_zone1");
        Files.writeString(z1.resolve("trip_point_0_type"), "passive\n");
        Files.writeString(z1.resolve("trip_point_0_temp"), "95500\n");
        Files.writeString(z1.resolve("trip_point_1_type"), "critical\n");
        Files.writeString(z1.resolve("trip_point_1_temp"), "104500\n");
        SysfsThermalZones s = SysfsThermalZones.find(sys, SysfsThermalZones.JETSON);
        assertThat(s.celsius()).isEqualTo(71.0);
        assertThat(s.criticalTrip()).hasValue(104.5);
        Files.writeString(sys.resolve("class/thermal/thermal_zone2/temp"), "80250\n");
        assertThat(s.celsius()).isEqualTo(80.25);
    }

    @Test
    void missingZoneSaysWhatExists() throws Exception {
        zone(sys, 0, "x86_pkg_temp", 50_000);
        assertThatThrownBy(() -> SysfsThermalZones.find(sys, Set.of("cpu-thermal")))
                .isInstanceOf(IOException.class).hasMessageContaining("x86_pkg_temp");
        Path empty = sys.resolve("nothing");
        assertThatThrownBy(() -> SysfsThermalZones.find(empty, Set.of("cpu-thermal")))
                .hasMessageContaining("no thermal zones at all");
    }

    @Test
    void hwmonByName() throws Exception {
        Path h = Files.createDirectories(sys.resolve("class/hwmon/hwmon4"));
        Files.writeString(h.resolve("name"), "coretemp\n");
        Files.writeString(h.resolve("temp1_input"), "48000\n");
        Files.writeString(h.resolve("temp2_input"), "52000\n");
        Path o = Files.createDirectories(sys.resolve("class/hwmon/hwmon1"));
        Files.writeString(o.resolve("name"), "nvme\n");
        Files.writeString(o.resolve("temp1_input"), "70000\n");
        assertThat(HwmonTemperatures.find(sys, Set.of("coretemp")).celsius()).isEqualTo(52.0);
        assertThatThrownBy(() -> HwmonTemperatures.find(sys, Set.of("cpu_thermal")))
                .hasMessageContaining("nvme");
    }

    @Test
    void vcgencmdTemperatureAndFlags() throws Exception {
        Path exe = fakeVcgencmd(sys);
        Files.writeString(sys.resolve("temp.out"), "temp=47.2'C\n");
        Files.writeString(sys.resolve("throttled.out"), "throttled=0x50005\n");
        Vcgencmd v = new Vcgencmd(new CommandRunner(exe.toString(), Duration.ofSeconds(5)));
        assertThat(v.celsius()).isEqualTo(47.2);
        ThrottledFlags f = v.throttled();
        assertThat(f.bits()).isEqualTo(0x50005);
        assertThat(f.underVoltageNow()).isTrue();
        assertThat(f.throttledNow()).isTrue();
        assertThat(f.activeNow()).containsExactly("under-voltage", "throttled");
        assertThat(f.occurredSinceBoot()).containsExactly("under-voltage", "throttled");
        assertThat(ThrottledFlags.parse("throttled=0x0").activeNow()).isEmpty();
        assertThatThrownBy(() -> ThrottledFlags.parse("oops")).hasMessageContaining("oops");
    }

    @Test
    void missingCommandIsNamed() {
        CommandRunner r = new CommandRunner(sys.resolve("no-such-vcgencmd").toString(), Duration.ofSeconds(1));
        assertThat(r.available()).isFalse();
        assertThatThrownBy(() -> new Vcgencmd(r).celsius()).isInstanceOf(IOException.class)
                .hasMessageContaining("no-such-vcgencmd");
    }

    @Test
    void monitorReportsStateChangesFlagsAndSensorErrorsAsEvents() throws Exception {
        zone(sys, 0, "cpu-thermal", 60_000);
        Path exe = fakeVcgencmd(sys);
        Files.writeString(sys.resolve("throttled.out"), "throttled=0x0\n");
        List<NewEvent> events = new ArrayList<>();
        ThermalGovernor g = new ThermalGovernor(ThermalPolicy.DEFAULT);
        Path temp = sys.resolve("class/thermal/thermal_zone0/temp");
        try (ThermalMonitor m = new ThermalMonitor(SysfsThermalZones.find(sys, Set.of("cpu-thermal")),
                new Vcgencmd(new CommandRunner(exe.toString(), Duration.ofSeconds(5))), g, events::add,
                Duration.ofSeconds(1))) {
            m.poll();
            assertThat(events).isEmpty(); // cool, no flags: nothing to say
            Files.writeString(temp, "80000\n");
            m.poll();
            assertThat(g.factor()).isCloseTo(0.6, within(1e-9));
            Files.writeString(temp, "91000\n");
            Files.writeString(sys.resolve("throttled.out"), "throttled=0x50005\n");
            m.poll();
            assertThat(g.paused()).isTrue();
            Files.delete(temp);
            m.poll();
            m.poll();
            assertThat(g.paused()).as("an unreadable sensor keeps the last state").isTrue();
        }
        assertThat(events).extracting(NewEvent::type).containsExactly(EventType.THERMAL, EventType.THERMAL,
                EventType.THERMAL, EventType.ERROR);
        assertThat(events.get(0).payloadJson()).contains("\"state\":\"THROTTLED\"").contains("\"factor\":0.600");
        assertThat(events.get(1).payloadJson()).contains("\"state\":\"PAUSED\"");
        assertThat(events.get(2).payloadJson()).contains("under-voltage").contains("0x50005");
        assertThat(events.get(3).payloadJson()).contains("thermal_zone0");
        assertThat(events).extracting(NewEvent::id).doesNotHaveDuplicates();
    }
}
