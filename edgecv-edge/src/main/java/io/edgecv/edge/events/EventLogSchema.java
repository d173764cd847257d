package io.edgecv.edge.events;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The event log's schema and its migrations, versioned by SQLite's {@code PRAGMA user_version}. Each migration runs
 * in its own transaction together with the version bump, so a crash during a migration leaves the previous version.
 * Append migrations; never edit a released one.
 */
final class EventLogSchema {
    /** Migration {@code i} brings the schema from version {@code i} to {@code i + 1}. */
    static final List<List<String>> MIGRATIONS = List.of(
            // 0 -> 1: the outbox
            List.of("CREATE TABLE events ("
                            + " seq INTEGER PRIMARY KEY AUTOINCREMENT,"
                            + " id TEXT NOT NULL UNIQUE,"
                            + " type TEXT NOT NULL,"
                            + " time_ms INTEGER NOT NULL,"
                            + " payload TEXT NOT NULL,"
                            + " sent_ms INTEGER)",
                    "CREATE INDEX events_sent ON events(sent_ms, seq)"),
            // 1 -> 2: delivery attempts per event (the sync agent's retry count)
            List.of("ALTER TABLE events ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0"));

    /** The version this code writes. */
    static final int CURRENT = MIGRATIONS.size();

    private EventLogSchema() {
    }

    /**
     * @param c an open connection in auto-commit mode
     * @return the version before migrating
     * @throws SQLException on a database error, or when the file is newer than this code
     */
    static int migrate(Connection c) throws SQLException {
        int from = version(c);
        if (from > CURRENT) {
            throw new SQLException("event log schema version " + from + " is newer than this EdgeCV ("
                    + CURRENT + "): upgrade EdgeCV or use another file");
        }
        for (int v = from; v < CURRENT; v++) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                for (String sql : MIGRATIONS.get(v)) {
                    s.execute(sql);
                }
                s.execute("PRAGMA user_version = " + (v + 1));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw new SQLException("migrating the event log from version " + v + " to " + (v + 1)
                        + " failed: " + e.getMessage(), e);
            } finally {
                c.setAutoCommit(true);
            }
        }
        return from;
    }

    static int version(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA user_version")) {
            return r.next() ? r.getInt(1) : 0;
        }
    }
}
