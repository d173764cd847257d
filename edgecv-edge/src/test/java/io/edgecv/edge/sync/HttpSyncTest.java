package io.edgecv.edge.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.edgecv.edge.Backoff;
import io.edgecv.edge.events.EventLog;
import io.edgecv.edge.events.EventType;
import io.edgecv.edge.events.NewEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP sink against a real HTTP server on loopback (the JDK's com.sun.net.httpserver). */
class HttpSyncTest {
    @TempDir
    Path dir;

    @Test
    void batchesArriveOnceAfterRefusalsAndRetries() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        Set<String> keys = ConcurrentHashMap.newKeySet();
        Deduplicator dedup = new Deduplicator(100_000);
        List<Integer> batchSizes = java.util.Collections.synchronizedList(new ArrayList<>());
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/events", ex -> {
            int n = requests.incrementAndGet();
            byte[] body = ex.getRequestBody().readAllBytes();
            int status;
            if (n <= 3) {
                status = 503; // the link is "down" for the first three attempts
            } else {
                List<JsonNode> events = WireFormat.parse(body);
                batchSizes.add(events.size());
                keys.add(ex.getRequestHeaders().getFirst("Idempotency-Key"));
                for (JsonNode e : events) {
                    dedup.accept(e.get("id").asText());
                    assertThat(e.get("device").asText()).isEqualTo("cam-test");
                    assertThat(e.get("payload").get("i").asInt()).isEqualTo(
                            Integer.parseInt(e.get("id").asText().substring(2)));
                }
                // the 5th request is processed but its answer is lost: the agent must re-send that batch
                status = n == 5 ? 500 : 200;
            }
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
        try (EventLog log = EventLog.open(dir.resolve("h.db"))) {
            List<NewEvent> es = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                es.add(new NewEvent("h-" + i, EventType.TRACK_APPEARED, System.currentTimeMillis(),
                        "{\"i\":" + i + "}"));
            }
            log.append(es);
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/events");
            try (SyncAgent agent = new SyncAgent(log, new HttpSink(uri, new WireFormat("cam-test"),
                    Duration.ofSeconds(5), null), 100, new Backoff(Duration.ofMillis(10), Duration.ofMillis(40)),
                    Duration.ofMillis(50)).start()) {
                assertThat(agent.drain(Duration.ofSeconds(20))).isTrue();
                assertThat(agent.failedAttempts()).isEqualTo(4);
            }
            assertThat(dedup.accepted()).isEqualTo(250);
            assertThat(dedup.duplicates()).as("the batch whose answer was lost, sent again").isEqualTo(100);
            assertThat(batchSizes).containsExactly(100, 100, 100, 50);
            assertThat(keys).as("a re-sent batch keeps its idempotency key").hasSize(3);
            assertThat(log.unsentCount()).isZero();
        } finally {
            server.stop(0);
        }
    }
}
