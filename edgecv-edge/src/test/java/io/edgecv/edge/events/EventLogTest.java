package io.edgecv.edge.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.EdgeCvException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogTest {
    @TempDir
    Path dir;

    private static NewEvent ev(String id, long time) {
        return new NewEvent(id, EventType.DETECTION, time, "{\"n\":1}");
    }

    @Test
    void newFileIsWalWithChosenSynchronousAndCurrentSchema() throws Exception {
        Path f = dir.resolve("a.db");
        try (EventLog log = EventLog.open(f, EventLogOptions.builder().optDurability(Durability.POWER_LOSS).build())) {
            assertThat(log.schemaVersion()).isEqualTo(EventLogSchema.CURRENT).isEqualTo(2);
            assertThat(log.migratedFrom()).isZero();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
            r.next();
            assertThat(r.getString(1)).isEqualToIgnoringCase("wal");
        }
        assertThat(Durability.POWER_LOSS.pragma()).isEqualTo("FULL");
        assertThat(Durability.PROCESS_CRASH.pragma()).isEqualTo("NORMAL");
    }

    @Test
    void migratesAVersion1FileKeepingItsEvents() throws Exception {
        Path f = dir.resolve("v1.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement s = c.createStatement()) {
            // the version-1 schema as released, written by hand
            s.execute("CREATE TABLE events (seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
                    + " type TEXT NOT NULL, time_ms INTEGER NOT NULL, payload TEXT NOT NULL, sent_ms INTEGER)");
            s.execute("INSERT INTO events(id, type, time_ms, payload) VALUES ('old-1', 'THERMAL', 5, '{}')");
            s.execute("PRAGMA user_version = 1");
        }
        try (EventLog log = EventLog.open(f)) {
            assertThat(log.migratedFrom()).isEqualTo(1);
            assertThat(log.schemaVersion()).isEqualTo(2);
            List<StoredEvent> u = log.unsent(10);
            assertThat(u).singleElement().satisfies(e -> {
                assertThat(e.id()).isEqualTo("old-1");
                assertThat(e.type()).isEqualTo(EventType.THERMAL);
                assertThat(e.attempts()).isZero();
            });
            log.countAttempt(u);
            log.countAttempt(u);
            assertThat(log.unsent(10).get(0).attempts()).isEqualTo(2);
        }
    }

    @Test
    void refusesAFileFromANewerVersion() throws Exception {
        Path f = dir.resolve("future.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f); Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }
        assertThatThrownBy(() -> EventLog.open(f)).isInstanceOf(EdgeCvException.class)
                .hasMessageContaining("99").hasMessageContaining("upgrade EdgeCV");
    }

    @Test
    void sameIdIsStoredOnceAndOrderIsKept() throws Exception {
        try (EventLog log = EventLog.open(dir.resolve("b.db"))) {
            assertThat(log.append(List.of(ev("a", 1), ev("b", 2), ev("a", 3)))).isEqualTo(2);
            assertThat(log.append(ev("b", 9))).isFalse();
            assertThat(log.count()).isEqualTo(2);
            assertThat(log.unsent(10)).extracting(StoredEvent::id).containsExactly("a", "b");
            log.markSent(log.unsent(1), 100);
            assertThat(log.unsent(10)).extracting(StoredEvent::id).containsExactly("b");
            assertThat(log.unsentCount()).isEqualTo(1);
        }
    }

    @Test
    void capRemovesOldestSyncedFirstThenCountsDroppedUnsent() throws Exception {
        EventLogOptions o = EventLogOptions.builder().optMaxEvents(5).optMaxAge(Duration.ofMillis(1000)).build();
        try (EventLog log = EventLog.open(dir.resolve("c.db"), o)) {
            List<NewEvent> es = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                es.add(ev("e" + i, 10_000 + i));
            }
            log.append(es);
            // e0..e3 sent; e4..e7 unsent; 8 held, cap 5: 3 of the sent go, oldest first
            log.markSent(log.unsent(4), 20_000);
            assertThat(log.enforceCap(10_010)).isEqualTo(3);
            assertThat(log.count()).isEqualTo(5);
            assertThat(log.contains("e2")).isFalse();
            assertThat(log.contains("e3")).isTrue();
            assertThat(log.droppedUnsent()).isZero();

            // age: the sent e3 (time 10003) is older than 1000 ms at 11_500; unsent ones never age out
            assertThat(log.enforceCap(11_500)).isEqualTo(1);
            assertThat(log.contains("e3")).isFalse();
            assertThat(log.count()).isEqualTo(4);

            // unsent alone above the cap: the oldest unsent go, counted
            log.append(List.of(ev("e8", 10_008), ev("e9", 10_009), ev("e10", 10_010)));
            assertThat(log.enforceCap(11_500)).isEqualTo(2);
            assertThat(log.droppedUnsent()).isEqualTo(2);
            assertThat(log.unsent(10)).extracting(StoredEvent::id).containsExactly("e6", "e7", "e8", "e9", "e10");
        }
    }

    @Test
    void writerAcknowledgesOnlyAfterCommitAndSurvivesReopen() throws Exception {
        Path f = dir.resolve("d.db");
        try (EventLog log = EventLog.open(f); EventWriter w = new EventWriter(log, 64)) {
            List<java.util.concurrent.CompletableFuture<Void>> acks = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                acks.add(w.submit(ev("w" + i, i)));
            }
            acks.get(999).get();
            // acknowledged: visible from an independent connection to the same file
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + f);
                 Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT COUNT(*) FROM events WHERE id = 'w999'")) {
                r.next();
                assertThat(r.getInt(1)).isEqualTo(1);
            }
            w.flush();
            assertThat(acks).allMatch(java.util.concurrent.CompletableFuture::isDone);
        }
        try (EventLog log = EventLog.open(f)) {
            assertThat(log.count()).isEqualTo(1000);
        }
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> new NewEvent(" ", EventType.ERROR, 0, "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("event id");
        assertThatThrownBy(() -> new NewEvent("x", EventType.ERROR, 0, "[1]"))
                .hasMessageContaining("JSON object");
        assertThatThrownBy(() -> EventLogOptions.builder().optMaxEvents(0)).hasMessageContaining("maxEvents 0");
        assertThatThrownBy(() -> EventType.parse("nope")).hasMessageContaining("nope");
    }

    @Test
    void closeIsIdempotentAndUseAfterCloseIsRefused() throws Exception {
        EventLog log = EventLog.open(dir.resolve("e.db"));
        log.close();
        log.close();
        assertThatThrownBy(log::count).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
