package io.edgecv.edge.events;

import io.edgecv.EdgeCvException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQLite outbox (through {@code org.xerial:sqlite-jdbc}): every event with its stable id and a sent mark. It is
 * the source of truth; a sink only ever sends what is here and the mark is set only after the sink acknowledged.
 *
 * <p>WAL journal, {@link Durability} as configured, one transaction per {@link #append(List)} batch, a versioned
 * schema ({@link #schemaVersion()}), and the cap of {@link EventLogOptions} applied by {@link #enforceCap(long)}.
 * An append returns only after its transaction committed: an event is durable before it is acknowledged.
 *
 * <p>Thread-safety: thread-safe; calls are serialised on one connection (SQLite has one writer anyway).
 */
public final class EventLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);

    private final Path file;
    private final EventLogOptions options;
    private final Connection connection;
    private final int migratedFrom;
    private long droppedUnsent;
    private boolean closed;

    private EventLog(Path file, EventLogOptions options, Connection connection, int migratedFrom) {
        this.file = file;
        this.options = options;
        this.connection = connection;
        this.migratedFrom = migratedFrom;
    }

    /**
     * Opens (creating or migrating) the log with the default options.
     *
     * @param file the database file
     * @return the open log
     * @throws EdgeCvException when the file cannot be opened or migrated
     */
    public static EventLog open(Path file) throws EdgeCvException {
        return open(file, EventLogOptions.defaults());
    }

    /**
     * Opens (creating or migrating) the log.
     *
     * @param file the database file; its directory is created if missing
     * @param options durability and cap
     * @return the open log
     * @throws EdgeCvException when the file cannot be opened or migrated
     */
    public static EventLog open(Path file, EventLogOptions options) throws EdgeCvException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(options, "options");
        Connection c = null;
        try {
            Path dir = file.toAbsolutePath().getParent();
            if (dir != null) {
                Files.createDirectories(dir);
            }
            c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 5000");
                try (ResultSet r = s.executeQuery("PRAGMA journal_mode = WAL")) {
                    String mode = r.next() ? r.getString(1) : "?";
                    if (!"wal".equalsIgnoreCase(mode)) {
                        throw new SQLException("the file system refused WAL mode (got " + mode
                                + "); put the event log on a local file system");
                    }
                }
                s.execute("PRAGMA synchronous = " + options.durability().pragma());
            }
            int from = EventLogSchema.migrate(c);
            if (from != EventLogSchema.CURRENT) {
                LOG.info("event log {}: schema {} -> {}", file, from, EventLogSchema.CURRENT);
            }
            return new EventLog(file, options, c, from);
        } catch (SQLException | java.io.IOException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // the open failure is what matters
                }
            }
            throw new EdgeCvException("cannot open the event log " + file + ": " + e.getMessage(), e);
        }
    }

    /** @return the database file */
    public Path file() {
        return file;
    }

    /** @return the options */
    public EventLogOptions options() {
        return options;
    }

    /** @return the schema version the file had when opened (0 for a new file) */
    public int migratedFrom() {
        return migratedFrom;
    }

    /**
     * @return the schema version now
     * @throws EdgeCvException on a database error
     */
    public synchronized int schemaVersion() throws EdgeCvException {
        ensureOpen();
        try {
            return EventLogSchema.version(connection);
        } catch (SQLException e) {
            throw failure("reading the schema version", e);
        }
    }

    /**
     * Appends events in one transaction; events whose id is already in the log are ignored (a restarted worker
     * re-producing them does not count them twice). Returns after the commit.
     *
     * @param events the events
     * @return how many were new
     * @throws EdgeCvException when the transaction failed (then none of the batch was stored)
     */
    public synchronized int append(List<NewEvent> events) throws EdgeCvException {
        ensureOpen();
        if (events.isEmpty()) {
            return 0;
        }
        try {
            connection.setAutoCommit(false);
            int added = 0;
            try (PreparedStatement p = connection.prepareStatement(
                    "INSERT OR IGNORE INTO events(id, type, time_ms, payload) VALUES (?, ?, ?, ?)")) {
                for (NewEvent e : events) {
                    p.setString(1, e.id());
                    p.setString(2, e.type().name());
                    p.setLong(3, e.timeMillis());
                    p.setString(4, e.payloadJson());
                    p.addBatch();
                }
                for (int n : p.executeBatch()) {
                    added += n > 0 ? 1 : 0;
                }
                connection.commit();
                return added;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure("appending " + events.size() + " events", e);
        }
    }

    /**
     * @param event one event
     * @return true if it was new
     * @throws EdgeCvException when the commit failed
     */
    public boolean append(NewEvent event) throws EdgeCvException {
        return append(List.of(event)) == 1;
    }

    /**
     * @param limit the most to return, at least 1
     * @return the oldest unsent events, in log order
     * @throws EdgeCvException on a database error
     */
    public synchronized List<StoredEvent> unsent(int limit) throws EdgeCvException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit " + limit + " must be at least 1");
        }
        ensureOpen();
        try (PreparedStatement p = connection.prepareStatement("SELECT seq, id, type, time_ms, payload, attempts"
                + " FROM events WHERE sent_ms IS NULL ORDER BY seq LIMIT ?")) {
            p.setInt(1, limit);
            List<StoredEvent> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(new StoredEvent(r.getLong(1), r.getString(2), EventType.parse(r.getString(3)),
                            r.getLong(4), r.getString(5), r.getInt(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("reading unsent events", e);
        }
    }

    /**
     * Marks events as delivered, in one transaction. Call only after the sink acknowledged them.
     *
     * @param events delivered events
     * @param sentMillis when (epoch milliseconds)
     * @throws EdgeCvException on a database error
     */
    public synchronized void markSent(Collection<StoredEvent> events, long sentMillis) throws EdgeCvException {
        updateEach(events, "UPDATE events SET sent_ms = ? WHERE seq = ?", sentMillis, "marking events sent");
    }

    /**
     * Counts one more delivery attempt for each event (called before sending, so a crash mid-send is counted).
     *
     * @param events events about to be sent
     * @throws EdgeCvException on a database error
     */
    public synchronized void countAttempt(Collection<StoredEvent> events) throws EdgeCvException {
        updateEach(events, "UPDATE events SET attempts = attempts + 1 WHERE seq = ?", null, "counting attempts");
    }

    /** Runs {@code sql} once per event in one transaction; parameters: ({@code value},) seq. */
    private void updateEach(Collection<StoredEvent> events, String sql, Long value, String what)
            throws EdgeCvException {
        ensureOpen();
        if (events.isEmpty()) {
            return;
        }
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement p = connection.prepareStatement(sql)) {
                for (StoredEvent e : events) {
                    if (value != null) {
                        p.setLong(1, value);
                        p.setLong(2, e.seq());
                    } else {
                        p.setLong(1, e.seq());
                    }
                    p.addBatch();
                }
                p.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /**
     * @return events held
     * @throws EdgeCvException on a database error
     */
    public synchronized long count() throws EdgeCvException {
        return scalar("SELECT COUNT(*) FROM events");
    }

    /**
     * @return events held and not yet acknowledged by a sink
     * @throws EdgeCvException on a database error
     */
    public synchronized long unsentCount() throws EdgeCvException {
        return scalar("SELECT COUNT(*) FROM events WHERE sent_ms IS NULL");
    }

    /**
     * @param id an event id
     * @return true if the log holds it
     * @throws EdgeCvException on a database error
     */
    public synchronized boolean contains(String id) throws EdgeCvException {
        ensureOpen();
        try (PreparedStatement p = connection.prepareStatement("SELECT 1 FROM events WHERE id = ?")) {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
                return r.next();
            }
        } catch (SQLException e) {
            throw failure("looking up " + id, e);
        }
    }

    /** @return unsent events removed by the cap since this log was opened */
    public synchronized long droppedUnsent() {
        return droppedUnsent;
    }

    /**
     * Applies the cap: sent events older than {@code maxAge}, then the oldest sent events while over
     * {@code maxEvents}, then (only if unsent events alone exceed it) the oldest unsent, counted and logged.
     *
     * @param nowMillis the current time (epoch milliseconds)
     * @return events removed
     * @throws EdgeCvException on a database error
     */
    public synchronized long enforceCap(long nowMillis) throws EdgeCvException {
        ensureOpen();
        try (Statement s = connection.createStatement()) {
            long removed = s.executeUpdate("DELETE FROM events WHERE sent_ms IS NOT NULL AND time_ms < "
                    + (nowMillis - options.maxAge().toMillis()));
            long over = scalar("SELECT COUNT(*) FROM events") - options.maxEvents();
            if (over > 0) {
                removed += s.executeUpdate("DELETE FROM events WHERE seq IN (SELECT seq FROM events"
                        + " WHERE sent_ms IS NOT NULL ORDER BY seq LIMIT " + over + ")");
                over = scalar("SELECT COUNT(*) FROM events") - options.maxEvents();
            }
            if (over > 0) {
                int dropped = s.executeUpdate("DELETE FROM events WHERE seq IN (SELECT seq FROM events"
                        + " WHERE sent_ms IS NULL ORDER BY seq LIMIT " + over + ")");
                droppedUnsent += dropped;
                removed += dropped;
                LOG.warn("event log {}: {} unsent events exceed maxEvents {}; dropped the {} oldest unsent"
                        + " (sink down too long? raise maxEvents)", file, dropped + options.maxEvents(),
                        options.maxEvents(), dropped);
            }
            return removed;
        } catch (SQLException e) {
            throw failure("applying the cap", e);
        }
    }

    private long scalar(String sql) throws EdgeCvException {
        ensureOpen();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
            return r.next() ? r.getLong(1) : 0;
        } catch (SQLException e) {
            throw failure(sql, e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("event log " + file + " is closed");
        }
    }

    private EdgeCvException failure(String what, SQLException e) {
        return new EdgeCvException("event log " + file + ": " + what + " failed: " + e.getMessage(), e);
    }

    /** Closes the connection (a WAL checkpoint happens on the last close). Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing event log {}: {}", file, e.getMessage());
        }
    }
}
