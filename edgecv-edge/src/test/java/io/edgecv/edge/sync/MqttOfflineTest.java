package io.edgecv.edge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.edge.Backoff;
import io.edgecv.edge.events.EventLog;
import io.edgecv.edge.events.EventType;
import io.edgecv.edge.events.NewEvent;
import io.edgecv.edge.testing.CountingSubscriber;
import io.edgecv.edge.testing.MosquittoBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Offline, then the link returns: the backlog is sent oldest first, once, on a real broker. */
class MqttOfflineTest {
    @TempDir
    Path dir;

    @Test
    void backlogFromWhileTheBrokerWasDownArrivesOnce() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.start(dir);
             CountingSubscriber sub = new CountingSubscriber(broker.uri(), "edgecv/off/events/#");
             EventLog log = EventLog.open(dir.resolve("o.db"))) {
            broker.stopProcess();
            MqttSink sink = new MqttSink(broker.uri(), "offline-test", "edgecv/off/events",
                    new WireFormat("off"), Duration.ofSeconds(2), 200, null, null);
            try (SyncAgent agent = new SyncAgent(log, sink, 200,
                    new Backoff(Duration.ofMillis(20), Duration.ofMillis(200)), Duration.ofMillis(50)).start()) {
                List<NewEvent> es = new ArrayList<>();
                for (int i = 0; i < 1500; i++) {
                    es.add(new NewEvent("off-" + i, i % 2 == 0 ? EventType.THERMAL : EventType.POWER,
                            System.currentTimeMillis(), "{\"i\":" + i + "}"));
                }
                log.append(es);
                agent.wake();
                Thread.sleep(1000);
                assertThat(agent.consecutiveFailures()).as("the agent keeps trying while offline").isPositive();
                assertThat(log.unsentCount()).isEqualTo(1500);
                broker.startProcess();
                assertThat(agent.drain(Duration.ofSeconds(30))).isTrue();
            }
            assertThat(sub.awaitDistinct(1500, 20_000)).isTrue();
            assertThat(sub.dedup().accepted()).isEqualTo(1500);
        }
    }
}
