package io.edgecv.edge.sync;

import io.edgecv.edge.events.StoredEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * POSTs each batch as one JSON document (see {@link WireFormat}) with the JDK {@link HttpClient}. The request carries
 * an {@code Idempotency-Key} header (the same for a re-sent batch) and every event its stable id, so a receiver can
 * de-duplicate a batch or its events. Any 2xx is an acknowledgement; anything else is a failure to retry.
 *
 * <p>Thread-safety: not thread-safe; one {@link SyncAgent} uses it.
 */
public final class HttpSink implements EventSink {
    private final URI endpoint;
    private final WireFormat wire;
    private final Duration timeout;
    private final String authorization;
    private final HttpClient client;

    /**
     * @param endpoint the receiver, e.g. {@code https://ingest.example/edgecv/events}
     * @param wire the JSON format (carries the device name)
     * @param timeout connect and request timeout
     * @param authorization value of the {@code Authorization} header, or null for none
     */
    public HttpSink(URI endpoint, WireFormat wire, Duration timeout, String authorization) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        String scheme = endpoint.getScheme();
        if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
            throw new IllegalArgumentException("HTTP sink endpoint '" + endpoint + "' must be http:// or https://");
        }
        this.wire = Objects.requireNonNull(wire, "wire");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.authorization = authorization;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public void send(List<StoredEvent> batch) throws SinkException {
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", wire.idempotencyKey(batch))
                .POST(HttpRequest.BodyPublishers.ofByteArray(wire.batchToBytes(batch)));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        HttpResponse<String> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SinkException("HTTP POST of " + batch.size() + " events to " + endpoint + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SinkException("HTTP POST to " + endpoint + " interrupted", e);
        }
        if (r.statusCode() / 100 != 2) {
            String body = r.body() == null ? "" : r.body();
            throw new SinkException("HTTP receiver " + endpoint + " answered " + r.statusCode() + " to "
                    + batch.size() + " events: " + (body.length() > 200 ? body.substring(0, 200) : body));
        }
    }

    @Override
    public String describe() {
        return "http POST " + endpoint;
    }

    @Override
    public void close() {
        // HttpClient.close() exists only from JDK 21; its threads are daemons and end with the client
    }
}
