package io.edgecv.edge.sync;

import io.edgecv.edge.Backoff;
import io.edgecv.edge.events.EventLog;
import io.edgecv.edge.events.EventType;
import io.edgecv.edge.events.EventWriter;
import io.edgecv.edge.events.NewEvent;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The process the kill -9 test forks: writes a burst of events through the real outbox (EventWriter -> EventLog)
 * while a real SyncAgent publishes them over MQTT. Restarted after a kill it produces the same burst again from the
 * first event (as a restarted pipeline re-reading its source would); ids already in the log are ignored.
 *
 * <p>Prints {@code committed <n> sent <m>} lines, {@code BURST COMPLETE} when all events are durable, and
 * {@code DONE} when all are acknowledged by the broker.
 */
public final class BurstChild {
    private BurstChild() {
    }

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        String broker = args[1];
        String topic = args[2];
        int count = Integer.parseInt(args[3]);
        try (EventLog log = EventLog.open(db);
             EventWriter writer = new EventWriter(log, 500)) {
            MqttSink sink = new MqttSink(broker, "burst-child", topic, new WireFormat("test-device"),
                    Duration.ofSeconds(5), 1000, null, null);
            try (SyncAgent agent = new SyncAgent(log, sink, 500,
                    new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)), Duration.ofMillis(200))) {
                writer.onCommit(agent::wake);
                agent.start();
                java.util.concurrent.CompletableFuture<Void> last = null;
                for (int i = 0; i < count; i++) {
                    last = writer.submit(new NewEvent(String.format("burst-%05d", i), EventType.DETECTION,
                            System.currentTimeMillis(), "{\"frame\":" + i + ",\"label\":\"person\",\"score\":0.5}"));
                    if (i % 100 == 99) {
                        last.get();
                        System.out.println("committed " + (i + 1) + " sent " + agent.sent());
                        System.out.flush();
                        Thread.sleep(10);
                    }
                }
                writer.flush();
                System.out.println("BURST COMPLETE");
                System.out.flush();
                while (!agent.drain(Duration.ofSeconds(1))) {
                    System.out.println("waiting for the sink: " + log.unsentCount() + " unsent, " + agent.lastError());
                    System.out.flush();
                }
                System.out.println("DONE sent " + agent.sent());
                System.out.flush();
            }
        }
    }
}
