package io.edgecv.edge.sync;

import io.edgecv.edge.events.StoredEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes each event as one MQTT message at QoS 1 (Eclipse Paho {@code org.eclipse.paho.client.mqttv3}) on
 * {@code <topic>/<type>} (e.g. {@code edgecv/cam0/events/detection}); a batch is published with all its messages in
 * flight at once, and {@link #send} returns when the broker acknowledged every one (PUBACK).
 *
 * <p>Unlike a QoS 0 publisher that drops events while disconnected, nothing is published from memory here: Paho
 * keeps no state of its own ({@link MemoryPersistence}, clean session), the SQLite outbox is the only copy, and a
 * batch is marked sent only after its PUBACKs. A failure tears the connection down; the next attempt reconnects.
 *
 * <p>Thread-safety: not thread-safe; one {@link SyncAgent} uses it.
 */
public final class MqttSink implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSink.class);

    private final String serverUri;
    private final String topic;
    private final WireFormat wire;
    private final Duration timeout;
    private final MqttConnectOptions connectOptions;
    private final MqttAsyncClient client;
    private boolean closed;

    /**
     * @param serverUri broker, e.g. {@code tcp://127.0.0.1:1883} or {@code ssl://broker:8883}
     * @param clientId MQTT client id, unique per device
     * @param topic topic prefix, e.g. {@code edgecv/cam0/events}
     * @param wire the JSON format (carries the device name)
     * @param timeout for connecting and for the acknowledgements of one batch
     * @param maxInflight most unacknowledged messages, at least the agent's batch size
     * @param username user name, or null for none
     * @param password password, or null for none
     * @throws IllegalArgumentException for a bad URI, topic or id
     */
    public MqttSink(String serverUri, String clientId, String topic, WireFormat wire, Duration timeout,
            int maxInflight, String username, char[] password) {
        this.serverUri = Objects.requireNonNull(serverUri, "serverUri");
        this.topic = Objects.requireNonNull(topic, "topic");
        if (topic.isEmpty() || topic.contains("#") || topic.contains("+")) {
            throw new IllegalArgumentException("MQTT topic prefix '" + topic + "' must be non-empty, without wildcards");
        }
        this.wire = Objects.requireNonNull(wire, "wire");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (maxInflight < 1) {
            throw new IllegalArgumentException("maxInflight " + maxInflight + " must be at least 1");
        }
        connectOptions = new MqttConnectOptions();
        connectOptions.setCleanSession(true);
        connectOptions.setAutomaticReconnect(false);
        connectOptions.setConnectionTimeout((int) Math.max(1, timeout.toSeconds()));
        connectOptions.setKeepAliveInterval(30);
        connectOptions.setMaxInflight(maxInflight);
        if (username != null) {
            connectOptions.setUserName(username);
        }
        if (password != null) {
            connectOptions.setPassword(password);
        }
        try {
            client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new IllegalArgumentException("MQTT broker URI '" + serverUri + "' or client id '" + clientId
                    + "' is not valid: " + e.getMessage(), e);
        }
    }

    @Override
    public void send(List<StoredEvent> batch) throws SinkException {
        if (closed) {
            throw new SinkException("MQTT sink " + describe() + " is closed");
        }
        connectIfNeeded();
        List<IMqttDeliveryToken> tokens = new ArrayList<>(batch.size());
        try {
            for (StoredEvent e : batch) {
                tokens.add(client.publish(topic + "/" + e.type().name().toLowerCase(Locale.ROOT),
                        wire.toBytes(e), 1, false));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (IMqttDeliveryToken t : tokens) {
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                t.waitForCompletion(left);
                if (!t.isComplete() || t.getException() != null) {
                    throw new MqttException(MqttException.REASON_CODE_CLIENT_TIMEOUT);
                }
            }
        } catch (MqttException e) {
            reset();
            throw new SinkException("MQTT publish of " + batch.size() + " events to " + describe()
                    + " not acknowledged: " + e.getMessage() + " (reason " + e.getReasonCode() + ")", e);
        }
    }

    private void connectIfNeeded() throws SinkException {
        if (client.isConnected()) {
            return;
        }
        try {
            client.connect(connectOptions).waitForCompletion(timeout.toMillis());
            LOG.info("MQTT connected to {}", serverUri);
        } catch (MqttException e) {
            reset();
            throw new SinkException("cannot connect to MQTT broker " + serverUri + ": " + e.getMessage()
                    + " (reason " + e.getReasonCode() + ")", e);
        }
    }

    private void reset() {
        try {
            client.disconnectForcibly(0, 100, false);
        } catch (MqttException ignored) {
            // already down
        }
    }

    @Override
    public String describe() {
        return "mqtt " + serverUri + " " + topic + "/<type> QoS 1";
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(2_000);
            }
        } catch (MqttException e) {
            reset();
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("closing MQTT client: {}", e.getMessage());
        }
    }
}
