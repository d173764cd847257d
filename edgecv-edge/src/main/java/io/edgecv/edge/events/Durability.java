package io.edgecv.edge.events;

/**
 * How much a commit survives. In WAL mode SQLite's {@code synchronous=NORMAL} does not fsync the WAL on every
 * commit: a committed event survives a crash of the process ({@code kill -9}, a native crash) but the last commits
 * can be lost when power fails. {@code FULL} fsyncs the WAL on each commit, so a commit survives power loss on a card
 * that honours fsync.
 *
 * <p>The default is {@link #POWER_LOSS}: on a Pi or a Jetson the common failure is a pulled plug or a brown-out, an
 * event is acknowledged only once durable, and the {@link EventWriter} commits in batches, so one fsync is shared by
 * a whole batch of events (the cost is per commit, not per event).
 *
 * <p>Thread-safety: immutable.
 */
public enum Durability {
    /** {@code synchronous=FULL}: survives power loss where the storage honours fsync. */
    POWER_LOSS("FULL"),
    /** {@code synchronous=NORMAL}: survives a process crash, may lose the last commits on power loss; fewer writes. */
    PROCESS_CRASH("NORMAL");

    private final String pragma;

    Durability(String pragma) {
        this.pragma = pragma;
    }

    /** @return the value of {@code PRAGMA synchronous} */
    public String pragma() {
        return pragma;
    }
}
