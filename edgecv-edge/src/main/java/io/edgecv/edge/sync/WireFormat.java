package io.edgecv.edge.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgecv.edge.events.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The JSON an event travels as (Jackson):
 * {@code {"id":"cam0/frame/12","device":"pi5-door","type":"DETECTION","time":1733300000000,"payload":{...}}}.
 * A batch (HTTP) is {@code {"device":..., "batch":"<first id>..<last id>", "events":[...]}}.
 *
 * <p>Thread-safety: thread-safe (the mapper is).
 */
public final class WireFormat {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String device;

    /** @param device the device name sent with every event */
    public WireFormat(String device) {
        this.device = Objects.requireNonNull(device, "device");
    }

    /** @return the device name */
    public String device() {
        return device;
    }

    /**
     * @param e an event
     * @return its JSON object
     */
    public ObjectNode toJson(StoredEvent e) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", e.id());
        o.put("device", device);
        o.put("type", e.type().name());
        o.put("time", e.timeMillis());
        try {
            o.set("payload", JSON.readTree(e.payloadJson()));
        } catch (JsonProcessingException x) {
            // a payload that is not valid JSON is still delivered, as a string, rather than lost
            o.put("payloadText", e.payloadJson());
        }
        return o;
    }

    /**
     * @param e an event
     * @return its UTF-8 JSON bytes
     */
    public byte[] toBytes(StoredEvent e) {
        return toJson(e).toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param batch events
     * @return the batch document
     */
    public byte[] batchToBytes(List<StoredEvent> batch) {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("device", device);
        doc.put("batch", idempotencyKey(batch));
        ArrayNode arr = doc.putArray("events");
        for (StoredEvent e : batch) {
            arr.add(toJson(e));
        }
        return doc.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * @param batch events
     * @return a key that is the same whenever the same batch is sent again (device, first and last id, size)
     */
    public String idempotencyKey(List<StoredEvent> batch) {
        if (batch.isEmpty()) {
            return device + ":empty";
        }
        return device + ":" + batch.get(0).id() + ".." + batch.get(batch.size() - 1).id() + "#" + batch.size();
    }

    /**
     * Reads received JSON: one event object or a batch document.
     *
     * @param bytes UTF-8 JSON
     * @return the event objects
     * @throws IllegalArgumentException when it is neither
     */
    public static List<JsonNode> parse(byte[] bytes) {
        try {
            JsonNode n = JSON.readTree(bytes);
            List<JsonNode> out = new ArrayList<>();
            if (n.has("events") && n.get("events").isArray()) {
                n.get("events").forEach(out::add);
            } else if (n.has("id")) {
                out.add(n);
            } else {
                throw new IllegalArgumentException("not an EdgeCV event or batch: " + abbreviate(n.toString()));
            }
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("received bytes are not JSON: " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
