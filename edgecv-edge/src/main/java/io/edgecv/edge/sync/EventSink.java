package io.edgecv.edge.sync;

import io.edgecv.edge.events.StoredEvent;
import java.util.List;

/**
 * Where the {@link SyncAgent} delivers events.
 *
 * <p>Thread-safety: implementations are called from one agent thread at a time.
 */
public interface EventSink extends AutoCloseable {
    /**
     * Delivers a batch and returns only once the receiver acknowledged every event of it (MQTT PUBACK, HTTP 2xx).
     * May deliver an event more than once across failures; the receiver de-duplicates by {@link StoredEvent#id()}.
     *
     * @param batch events in log order
     * @throws SinkException when any event of the batch was not acknowledged (the whole batch is retried)
     */
    void send(List<StoredEvent> batch) throws SinkException;

    /** @return a short description for logs, e.g. {@code mqtt tcp://host:1883 edgecv/cam0/events} */
    String describe();

    /** Releases connections. Idempotent. */
    @Override
    void close();
}
