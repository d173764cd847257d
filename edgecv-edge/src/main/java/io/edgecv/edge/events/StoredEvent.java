package io.edgecv.edge.events;

/**
 * An event as held in the {@link EventLog}.
 *
 * <p>Thread-safety: immutable.
 *
 * @param seq the log's order (increasing, never reused)
 * @param id the stable id (also the idempotency key on the wire)
 * @param type what it reports
 * @param timeMillis when it happened (epoch milliseconds)
 * @param payloadJson details, a JSON object text
 * @param attempts how many times a sink was asked to deliver it before
 */
public record StoredEvent(long seq, String id, EventType type, long timeMillis, String payloadJson, int attempts) {
}
