package io.edgecv.examples.cli;

import static io.edgecv.examples.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.edgecv.edge.events.EventLog;
import io.edgecv.edge.sync.WireFormat;
import io.edgecv.testing.Fixtures;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code edgecv run} end to end on the fixture video with the SSD model: a fake sysfs at 80 °C (factor 0.6), a
 * stand-in vcgencmd printing the Pi 5 PMIC format (1.93 W), the SQLite outbox and an HTTP receiver on loopback.
 */
class RunCommandTest {
    @TempDir
    Path dir;

    private HttpServer server;
    private final Set<String> received = ConcurrentHashMap.newKeySet();
    private final AtomicInteger raw = new AtomicInteger();

    @BeforeEach
    void receiver() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/events", ex -> {
            for (JsonNode e : WireFormat.parse(ex.getRequestBody().readAllBytes())) {
                raw.incrementAndGet();
                received.add(e.get("id").asText());
            }
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private Path config(String mode, long maxFrames) throws Exception {
        return config(mode, maxFrames, 80_000);
    }

    private Path config(String mode, long maxFrames, long milliCelsius) throws Exception {
        Path zone = Files.createDirectories(dir.resolve("sys/class/thermal/thermal_zone0"));
        Files.writeString(zone.resolve("type"), "cpu-thermal\n");
        Files.writeString(zone.resolve("temp"), milliCelsius + "\n");
        Path vc = dir.resolve("vcgencmd");
        Files.writeString(vc, "#!/bin/sh\ncase \"$1\" in\n"
                + "  pmic_read_adc) printf '       3V3_SYS_A current(1)=0.10000000A\\n      VDD_CORE_A current(7)="
                + "2.00000000A\\n       3V3_SYS_V volt(9)=3.30000000V\\n      VDD_CORE_V volt(15)=0.80000000V\\n' ;;\n"
                + "  get_throttled) echo throttled=0x0 ;;\n"
                + "  *) exit 1 ;;\nesac\n");
        vc.toFile().setExecutable(true);
        Path c = dir.resolve("edge.yaml");
        Files.writeString(c, String.join("\n",
                "device: test-cam",
                "source: " + Fixtures.root().resolve("video/vtest.avi"),
                "model: " + Fixtures.model(Fixtures.SSD_ONNX),
                "threads: 1",
                "max-frames: " + maxFrames,
                "skip: fixed:2",
                "tracker: bytetrack",
                "sys-root: " + dir.resolve("sys"),
                "thermal:",
                "  source: sysfs",
                "  vcgencmd: " + vc,
                "  interval-ms: 100",
                "power:",
                "  source: pmic",
                "  interval-ms: 50",
                "events:",
                "  file: " + dir.resolve("events.db"),
                "  batch: 100",
                "sync:",
                "  sink: http",
                "  url: http://127.0.0.1:" + server.getAddress().getPort() + "/events",
                "  batch: 50",
                "  backoff-initial-ms: 50",
                "  backoff-max-ms: 200",
                "watchdog:",
                "  mode: " + mode,
                "  hang-timeout-ms: 20000",
                "  start-timeout-ms: 60000",
                "  heartbeat-dir: " + dir.resolve("run"),
                ""));
        return c;
    }

    @Test
    void runsThrottledMetersPowerLogsAndSyncsEveryEvent() throws Exception {
        String[] r = run("run", "--config", config("thread", 60).toString());
        assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
        assertThat(r[1]).contains("supervisor: COMPLETED after 0 restart(s), 60 frames");
        // 60 frames, skip 2 -> 30 offered to the gate; at 80 C the factor is 0.6 -> 18 detector calls
        assertThat(r[1]).contains("detector calls 18 (18 admitted by the thermal gate of 30 offered)");
        assertThat(r[1]).contains("power: 1.93 W average");
        double fps = Double.parseDouble(r[1].replaceAll("(?s).*out \\(([0-9.]+) fps\\).*", "$1"));
        double fpsPerWatt = Double.parseDouble(r[1].replaceAll("(?s).*, ([0-9.]+) FPS/W.*", "$1"));
        // fps is printed with one decimal: allow its rounding (0.05 / 1.93)
        assertThat(fpsPerWatt).isCloseTo(fps / 1.93, org.assertj.core.api.Assertions.within(0.03));

        Map<String, Integer> byType = countByType(dir.resolve("events.db"));
        assertThat(byType.get("DETECTION")).as("one event per detector frame with boxes").isBetween(1, 18);
        assertThat(byType.get("TRACK_APPEARED")).isPositive();
        assertThat(byType.get("THERMAL")).as("the throttled state reported").isPositive();
        assertThat(byType.get("POWER")).isEqualTo(1);
        try (EventLog log = EventLog.open(dir.resolve("events.db"))) {
            assertThat(log.unsentCount()).as("everything sent before exit").isZero();
            assertThat(received).hasSize((int) log.count());
        }
    }

    @Test
    void criticalTemperatureStopsTheDetectorAndCoolingBelowWarningResumesIt() throws Exception {
        Path cfg = config("thread", 150, 95_000);
        Files.writeString(cfg, Files.readString(cfg).replace("hang-timeout-ms: 20000", "hang-timeout-ms: 1000"));
        Path temp = dir.resolve("sys/class/thermal/thermal_zone0/temp");
        Thread cooler = new Thread(() -> {
            try {
                // once the pause is on record, let the SoC cool to 70 C
                while (!received.stream().anyMatch(id -> id.contains("thermal/"))) {
                    Thread.sleep(50);
                }
                Thread.sleep(2000);
                Files.writeString(temp, "70000\n");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        cooler.setDaemon(true);
        cooler.start();
        String[] r = run("run", "--config", cfg.toString());
        assertThat(r[0]).as(r[1] + r[2]).isEqualTo("0");
        List<String> states = new java.util.ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("events.db"));
             Statement s = c.createStatement();
             ResultSet q = s.executeQuery("SELECT payload FROM events WHERE type = 'THERMAL' ORDER BY seq")) {
            while (q.next()) {
                states.add(q.getString(1).replaceAll(".*\"state\":\"([A-Z]+)\".*", "$1"));
            }
        }
        assertThat(states).as(r[1]).containsExactly("PAUSED", "NORMAL");
        long calls = Long.parseLong(r[1].replaceAll("(?s).*detector calls (\\d+) .*", "$1"));
        long offered = Long.parseLong(r[1].replaceAll("(?s).*gate of (\\d+) offered.*", "$1"));
        // paused before the first frame, so every offered frame came after the cool-down, at full speed
        assertThat(calls).as("the pipeline waited, then ran at full speed").isEqualTo(offered).isEqualTo(75);
        assertThat(r[1]).as("the pause is not a hang")
                .contains("supervisor: COMPLETED after 0 restart(s), 150 frames");
    }

    @Test
    void sigtermFlushesSyncsAndExitsCleanly() throws Exception {
        Path cfg = config("process", 0);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                EdgeCvCli.class.getName(), "run", "--config", cfg.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (received.size() < 20 && System.nanoTime() < deadline && p.isAlive()) {
                Thread.sleep(100);
            }
            assertThat(received.size()).as(Files.readString(dir.resolve("run.log"))).isGreaterThanOrEqualTo(20);
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(40, TimeUnit.SECONDS)).as("exits after SIGTERM").isTrue();
        } finally {
            p.destroyForcibly();
        }
        String log = Files.readString(dir.resolve("run.log"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(log).contains("supervisor: STOPPED");
        try (EventLog events = EventLog.open(dir.resolve("events.db"))) {
            assertThat(events.unsentCount()).as("flushed and synced before exit").isZero();
            assertThat(received).hasSize((int) events.count());
        }
        assertThat(raw.get()).as("no redelivery in a clean stop").isEqualTo(received.size());
    }

    private static Map<String, Integer> countByType(Path db) throws Exception {
        Map<String, Integer> m = new java.util.HashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT type, COUNT(*) FROM events GROUP BY type")) {
            while (r.next()) {
                m.put(r.getString(1), r.getInt(2));
            }
        }
        return m;
    }

    @Test
    void badConfigNamesTheKey() throws Exception {
        Path c = dir.resolve("bad.properties");
        Files.writeString(c, "source=x\nmodel=y\nthermal.warnign=70\n");
        String[] r = run("run", "--config", c.toString());
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[2]).contains("unknown setting(s) [thermal.warnign]");
    }
}
