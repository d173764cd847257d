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
 * <p>Run: {@code java -cp examples/target/edgecv.jar io.edgecv.examples.samples.Sample_07_DeviceOutbox
 * [tcp://broker:1883]} (with no broker the events stay in the outbox and the sample says so).
 */
public final class Sample_07_DeviceOutbox {
    private Sample_07_DeviceOutbox() {
    }

    /**
     * @param args optional MQTT broker URI
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        ThermalGovernor governor = new ThermalGovernor(ThermalPolicy.DEFAULT);
        FrameGate gate = new FrameGate(governor);
        for (double celsius : new double[] {60, 80, 84}) {
            governor.update(celsius);                       // a ThermalMonitor does this from sysfs on a device
            int admitted = 0;
            for (int frame = 0; frame < 100; frame++) {
                admitted += gate.admit() ? 1 : 0;
            }
            System.out.printf("%.0f °C: factor %.2f, detector on %d of 100 frames%n", celsius, governor.factor(),
                    admitted);
        }
        PowerSources.Detection power = PowerSources.detect();
        System.out.println(power.source().map(s -> "power: " + s.describe()).orElse(power.whyNone()));

        Path db = Files.createTempDirectory("edgecv-sample").resolve("events.db");
        try (EventLog log = EventLog.open(db); EventWriter writer = new EventWriter(log, 100)) {
            for (int frame = 0; frame < 50; frame++) {
                writer.submit(new NewEvent("sample-cam/frame/" + frame, EventType.DETECTION,
                        System.currentTimeMillis(), "{\"frame\":" + frame + ",\"label\":\"person\"}"));
            }
            writer.flush();                                 // all 50 are durable now
            System.out.println(log.unsentCount() + " events in the outbox " + db);
            if (args.length > 0) {
                MqttSink sink = new MqttSink(args[0], "edgecv-sample", "edgecv/sample-cam/events",
                        new WireFormat("sample-cam"), Duration.ofSeconds(5), 100, null, null);
                try (SyncAgent agent = new SyncAgent(log, sink, 100,
                        new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5)), Duration.ofSeconds(1)).start()) {
                    boolean all = agent.drain(Duration.ofSeconds(10));
                    System.out.println(all ? "all sent to " + args[0]
                            : log.unsentCount() + " still unsent (" + agent.lastError() + "); they wait in the file");
                }
            }
        }
    }
}
