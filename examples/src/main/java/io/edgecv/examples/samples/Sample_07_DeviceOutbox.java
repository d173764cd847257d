package io.edgecv.examples.samples;

import io.edgecv.edge.Backoff;
import io.edgecv.edge.FrameGate;
import io.edgecv.edge.events.EventLog;
import io.edgecv.edge.events.EventType;
import io.edgecv.edge.events.EventWriter;
import io.edgecv.edge.events.NewEvent;
import io.edgecv.edge.power.PowerSources;
import io.edgecv.edge.sync.MqttSink;
import io.edgecv.edge.sync.SyncAgent;
import io.edgecv.edge.sync.WireFormat;
import io.edgecv.edge.thermal.ThermalGovernor;
import io.edgecv.edge.thermal.ThermalPolicy;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Sample 07: the device runtime as a library: the thermal throttle, the SQLite outbox and MQTT sync.
 *
 * <p>A {@link ThermalGovernor} turns temperatures into a throttle factor (the seed's line: 1 below 75 °C, 0.2 at
 * 85 °C); a {@link FrameGate} lets that share of frames reach the detector. Events go into an {@link EventLog}
 * through an {@link EventWriter} (group commit: acknowledged once durable) and a {@link SyncAgent} sends them to an
 * MQTT broker at QoS 1, marking them sent only after the broker's acknowledgement; while the broker is away they
 * wait in the file. {@code edgecv run} ties all this to the video pipeline.
 *
 * <h2>How to run</h2>
 * <pre>
 * mvn -B -q -pl examples -am package -DskipTests
 * java -cp examples/target/edgecv.jar io.edgecv.examples.samples.Sample_07_DeviceOutbox [tcp://localhost:1883]
 * </pre>
 * With no broker the events stay in the outbox and the sample says so.
 *
 * <p>Previous: {@link Sample_06_TrackVideo}.
 */
public final class Sample_07_DeviceOutbox {
    private Sample_07_DeviceOutbox() {
    }

    /**
     * @param args optional MQTT broker URI
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        Path db = Files.createTempDirectory("edgecv-sample").resolve("events.db");
        run(db, args.length > 0 ? args[0] : null, System.out);
    }

    /**
     * Throttles at three temperatures, logs 50 events durably and, given a broker, sends them.
     *
     * @param db the SQLite event log (created if missing)
     * @param broker an MQTT broker URI such as {@code tcp://localhost:1883}, or null to keep the events
     * @param out where the sample reports
     * @return for 60, 80 and 84 °C, how many of 100 frames reached the detector, then the events still unsent
     * @throws Exception on any failure
     */
    public static int[] run(Path db, String broker, PrintStream out) throws Exception {
        int[] result = new int[4];
        ThermalGovernor governor = new ThermalGovernor(ThermalPolicy.DEFAULT);
        FrameGate gate = new FrameGate(governor);
        double[] temperatures = {60, 80, 84};
        for (int t = 0; t < temperatures.length; t++) {
            governor.update(temperatures[t]);               // a ThermalMonitor does this from sysfs on a device
            for (int frame = 0; frame < 100; frame++) {
                result[t] += gate.admit() ? 1 : 0;
            }
            out.printf("%.0f °C: factor %.2f, detector on %d of 100 frames%n", temperatures[t], governor.factor(),
                    result[t]);
        }
        PowerSources.Detection power = PowerSources.detect();
        out.println(power.source().map(s -> "power: " + s.describe()).orElse(power.whyNone()));

        try (EventLog log = EventLog.open(db); EventWriter writer = new EventWriter(log, 100)) {
            for (int frame = 0; frame < 50; frame++) {
                writer.submit(new NewEvent("sample-cam/frame/" + frame, EventType.DETECTION,
                        System.currentTimeMillis(), "{\"frame\":" + frame + ",\"label\":\"person\"}"));
            }
            writer.flush();                                 // all 50 are durable now
            out.println(log.unsentCount() + " events in the outbox " + db);
            if (broker != null) {
                MqttSink sink = new MqttSink(broker, "edgecv-sample", "edgecv/sample-cam/events",
                        new WireFormat("sample-cam"), Duration.ofSeconds(5), 100, null, null);
                try (SyncAgent agent = new SyncAgent(log, sink, 100,
                        new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5)), Duration.ofSeconds(1)).start()) {
                    boolean all = agent.drain(Duration.ofSeconds(10));
                    out.println(all ? "all sent to " + broker
                            : log.unsentCount() + " still unsent (" + agent.lastError() + "); they wait in the file");
                }
            }
            result[3] = (int) log.unsentCount();
        }
        return result;
    }
}
