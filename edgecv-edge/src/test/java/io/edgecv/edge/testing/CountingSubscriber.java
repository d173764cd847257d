package io.edgecv.edge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.edgecv.edge.sync.Deduplicator;
import io.edgecv.edge.sync.WireFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The receiving side on a real broker: a persistent-session QoS 1 subscriber that counts raw messages, distinct ids
 * and what the {@link Deduplicator} accepted.
 */
public final class CountingSubscriber implements MqttCallback, AutoCloseable {
    private final MqttClient client;
    private final AtomicLong raw = new AtomicLong();
    private final Set<String> distinct = ConcurrentHashMap.newKeySet();
    private final Deduplicator dedup = new Deduplicator(1_000_000);

    public CountingSubscriber(String uri, String topicFilter) throws MqttException {
        client = new MqttClient(uri, "counting-subscriber", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(false); // the broker queues QoS 1 messages for us while we are away
        o.setAutomaticReconnect(true);
        o.setMaxReconnectDelay(300);
        o.setConnectionTimeout(5);
        client.setCallback(this);
        client.connect(o);
        client.subscribe(topicFilter, 1);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        for (JsonNode e : WireFormat.parse(message.getPayload())) {
            raw.incrementAndGet();
            String id = e.get("id").asText();
            distinct.add(id);
            dedup.accept(id);
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        // automatic reconnect; the persistent session keeps the subscription
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
    }

    public long raw() {
        return raw.get();
    }

    public Set<String> distinct() {
        return distinct;
    }

    public Deduplicator dedup() {
        return dedup;
    }

    /** Waits until {@code n} distinct ids arrived; returns whether they did. */
    public boolean awaitDistinct(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (distinct.size() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        return distinct.size() >= n;
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(1000);
        }
        client.close(true);
    }
}
