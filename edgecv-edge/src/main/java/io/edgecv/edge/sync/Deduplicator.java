package io.edgecv.edge.sync;

import java.util.LinkedHashSet;
import java.util.Iterator;
import java.util.Objects;

/**
 * The receiver's side of exactly-once: delivery is at least once, so a receiver accepts an event only the first time
 * it sees its id. Remembers the last {@code capacity} ids (a redelivery comes within one batch of the original, so a
 * window of a few batches is enough; a durable receiver would keep ids in its database's unique key instead).
 *
 * <p>Thread-safety: thread-safe.
 */
public final class Deduplicator {
    private final int capacity;
    private final LinkedHashSet<String> seen = new LinkedHashSet<>();
    private long accepted;
    private long duplicates;

    /** @param capacity ids remembered, at least 1 */
    public Deduplicator(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " must be at least 1");
        }
        this.capacity = capacity;
    }

    /**
     * @param id an event id
     * @return true the first time, false for a redelivery
     */
    public synchronized boolean accept(String id) {
        Objects.requireNonNull(id, "id");
        if (!seen.add(id)) {
            duplicates++;
            return false;
        }
        accepted++;
        if (seen.size() > capacity) {
            Iterator<String> it = seen.iterator();
            it.next();
            it.remove();
        }
        return true;
    }

    /** @return events accepted */
    public synchronized long accepted() {
        return accepted;
    }

    /** @return redeliveries rejected */
    public synchronized long duplicates() {
        return duplicates;
    }
}
