package io.edgecv.examples.cli;

import io.edgecv.EdgeCvException;
import io.edgecv.edge.Backoff;
import io.edgecv.edge.CommandRunner;
import io.edgecv.edge.events.Durability;
import io.edgecv.edge.events.EventLog;
import io.edgecv.edge.events.EventLogOptions;
import io.edgecv.edge.events.NewEvent;
import io.edgecv.edge.power.PowerSource;
import io.edgecv.edge.power.PowerSources;
import io.edgecv.edge.sync.EventSink;
import io.edgecv.edge.sync.HttpSink;
import io.edgecv.edge.sync.MqttSink;
import io.edgecv.edge.sync.WireFormat;
import io.edgecv.edge.thermal.HwmonTemperatures;
import io.edgecv.edge.thermal.SysfsThermalZones;
import io.edgecv.edge.thermal.TemperatureSource;
import io.edgecv.edge.thermal.ThermalGovernor;
import io.edgecv.edge.thermal.ThermalMonitor;
import io.edgecv.edge.thermal.ThermalPolicy;
import io.edgecv.edge.thermal.Vcgencmd;
import io.edgecv.edge.watchdog.RestartPolicy;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Builds the edge runtime's parts (event log, thermal monitor, power source, sync sink, restart policy) from the
 * settings of {@code edgecv run}.
 *
 * <p>Thread-safety: stateless apart from the config it reads.
 */
final class EdgeParts {
    private final RunConfig c;

    EdgeParts(RunConfig c) {
        this.c = c;
    }

    String device() {
        return c.string("device", hostName());
    }

    Path sysRoot() {
        return Path.of(c.string("sys-root", "/sys"));
    }

    EventLog openLog() throws EdgeCvException {
        String d = c.choice("events.durability", "power-loss", "power-loss", "process-crash");
        EventLogOptions o = EventLogOptions.builder()
                .optDurability(d.equals("power-loss") ? Durability.POWER_LOSS : Durability.PROCESS_CRASH)
                .optMaxEvents(c.integer("events.max-events", 1_000_000, 1))
                .optMaxAge(Duration.ofDays(c.integer("events.max-age-days", 30, 1)))
                .build();
        return EventLog.open(Path.of(c.string("events.file", "edgecv-events.db")), o);
    }

    int writerBatch() {
        return (int) c.integer("events.batch", 500, 1);
    }

    ThermalPolicy thermalPolicy() {
        ThermalPolicy d = ThermalPolicy.DEFAULT;
        return new ThermalPolicy(c.number("thermal.warning", d.warning()), c.number("thermal.floor", d.floorAt()),
                c.number("thermal.min-factor", d.minFactor()), c.number("thermal.critical", d.critical()),
                c.number("thermal.hysteresis", d.hysteresis()));
    }

    CommandRunner vcgencmd() {
        return new CommandRunner(c.string("thermal.vcgencmd", "vcgencmd"), Duration.ofSeconds(5));
    }

    /** @return the temperature source, empty for {@code none} or when {@code auto} finds nothing */
    Optional<TemperatureSource> temperature(List<String> notes) throws IOException {
        String s = c.choice("thermal.source", "auto", "auto", "sysfs", "hwmon", "vcgencmd", "none");
        List<String> zones = list(c.string("thermal.zones", ""));
        switch (s) {
            case "none":
                return Optional.empty();
            case "sysfs":
                return Optional.of(SysfsThermalZones.find(sysRoot(), zones.isEmpty() ? defaultZones() : zones));
            case "hwmon":
                return Optional.of(HwmonTemperatures.find(sysRoot(), list(c.required("thermal.hwmon"))));
            case "vcgencmd":
                return Optional.of(new Vcgencmd(vcgencmd()));
            default:
                try {
                    return Optional.of(SysfsThermalZones.find(sysRoot(), zones.isEmpty() ? defaultZones() : zones));
                } catch (IOException e) {
                    notes.add("thermal: " + e.getMessage());
                }
                if (vcgencmd().available()) {
                    return Optional.of(new Vcgencmd(vcgencmd()));
                }
                notes.add("thermal: no temperature source found; running without thermal throttling");
                return Optional.empty();
        }
    }

    private static List<String> defaultZones() {
        java.util.Set<String> all = new java.util.TreeSet<>(SysfsThermalZones.RASPBERRY_PI);
        all.addAll(SysfsThermalZones.JETSON);
        return List.copyOf(all);
    }

    ThermalMonitor thermalMonitor(TemperatureSource source, ThermalGovernor governor, Consumer<NewEvent> events) {
        Vcgencmd flags = vcgencmd().available() ? new Vcgencmd(vcgencmd()) : null;
        return new ThermalMonitor(source, flags, governor, events, c.millis("thermal.interval-ms", 2000));
    }

    /** @return the power source, empty for {@code none} or when {@code auto} finds nothing (notes say why) */
    Optional<PowerSource> power(List<String> notes) throws IOException {
        String s = c.choice("power.source", "auto", "auto", "rapl", "ina3221", "pmic", "none");
        if (s.equals("auto")) {
            PowerSources.Detection d = PowerSources.detect(sysRoot(), vcgencmd());
            if (d.source().isEmpty()) {
                notes.add("power: " + d.whyNone() + "; FPS/W is not reported");
            }
            return d.source();
        }
        return PowerSources.open(s, sysRoot(), vcgencmd());
    }

    Duration powerInterval() {
        return c.millis("power.interval-ms", 1000);
    }

    /** @return the sink, or null for {@code sync.sink: none} */
    EventSink sink() {
        String s = c.choice("sync.sink", "none", "none", "mqtt", "http");
        Duration timeout = c.millis("sync.timeout-ms", 10_000);
        WireFormat wire = new WireFormat(device());
        switch (s) {
            case "mqtt": {
                String pwEnv = c.string("sync.password-env", "");
                String pw = pwEnv.isEmpty() ? null : System.getenv(pwEnv);
                if (!pwEnv.isEmpty() && pw == null) {
                    throw new IllegalArgumentException(c.file() + ": sync.password-env names " + pwEnv
                            + ", which is not set in the environment");
                }
                return new MqttSink(c.required("sync.url"), c.string("sync.client-id", "edgecv-" + device()),
                        c.string("sync.topic", "edgecv/" + device() + "/events"), wire, timeout,
                        Math.max(10, syncBatch()), c.has("sync.username") ? c.string("sync.username", null) : null,
                        pw == null ? null : pw.toCharArray());
            }
            case "http":
                return new HttpSink(URI.create(c.required("sync.url")), wire, timeout, null);
            default:
                return null;
        }
    }

    int syncBatch() {
        return (int) c.integer("sync.batch", 500, 1);
    }

    Backoff syncBackoff() {
        return new Backoff(c.millis("sync.backoff-initial-ms", 500), c.millis("sync.backoff-max-ms", 60_000));
    }

    RestartPolicy restartPolicy() {
        return new RestartPolicy(c.millis("watchdog.hang-timeout-ms", 10_000),
                c.millis("watchdog.start-timeout-ms", 120_000),
                new Backoff(c.millis("watchdog.backoff-initial-ms", 1000), c.millis("watchdog.backoff-max-ms", 60_000)),
                (int) c.integer("watchdog.crash-loop", 5, 1));
    }

    String watchdogMode() {
        return c.choice("watchdog.mode", "process", "process", "thread", "none");
    }

    Path heartbeatDir() {
        return Path.of(c.string("watchdog.heartbeat-dir", System.getProperty("java.io.tmpdir")));
    }

    private static List<String> list(String s) {
        return s.isBlank() ? List.of() : Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty())
                .toList();
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "edgecv";
        }
    }
}
