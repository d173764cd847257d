package io.edgecv.edge.events;

import java.util.Objects;

/**
 * An event to append to the {@link EventLog}.
 *
 * <p>The {@code id} is the event's identity for ever: the log ignores a second event with the same id, and the
 * receiver de-duplicates by it. Make it from what the event is about, not from when it was made, so that a restarted
 * worker that processes the same frame again produces the same id (for example {@code "cam0/frame/1234"}); then no
 * frame result is counted twice across a restart.
 *
 * <p>Thread-safety: immutable.
 *
 * @param id stable, unique id (1 to 200 characters)
 * @param type what the event reports
 * @param timeMillis when it happened (epoch milliseconds)
 * @param payloadJson the details as a JSON object text, e.g. {@code {"label":"person","score":0.91}}
 */
public record NewEvent(String id, EventType type, long timeMillis, String payloadJson) {
    /** Longest accepted id. */
    public static final int MAX_ID_LENGTH = 200;

    /** Checks the fields. */
    public NewEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payloadJson, "payloadJson");
        if (id.isBlank() || id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException("event id '" + id + "' must be 1 to " + MAX_ID_LENGTH
                    + " characters and not blank");
        }
        String p = payloadJson.strip();
        if (!p.startsWith("{") || !p.endsWith("}")) {
            throw new IllegalArgumentException("payload of event '" + id + "' must be a JSON object text, got: "
                    + (p.length() > 60 ? p.substring(0, 60) + "..." : p));
        }
    }
}
