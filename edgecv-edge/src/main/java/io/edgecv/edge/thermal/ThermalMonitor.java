package io.edgecv.edge.thermal;

import io.edgecv.edge.events.EventType;
import io.edgecv.edge.events.NewEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a {@link TemperatureSource} (and, on a Pi, {@code vcgencmd get_throttled}) and feeds a
 * {@link ThermalGovernor}. Reports as {@link EventType#THERMAL} events: a change of state, a change of the factor by
 * at least 0.05, and any change of the firmware's throttling/under-voltage flags; a sensor that cannot be read is
 * reported once per failure streak as an {@link EventType#ERROR} event while the governor keeps its last state.
 *
 * <p>Thread-safety: thread-safe; {@link #poll()} may be called by the monitor thread or by a caller (tests).
 */
public final class ThermalMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ThermalMonitor.class);
    private static final AtomicLong IDS = new AtomicLong();

    private final TemperatureSource source;
    private final Vcgencmd flagsSource;
    private final ThermalGovernor governor;
    private final Consumer<NewEvent> events;
    private final Duration interval;
    private Thread thread;
    private volatile boolean running;
    private ThermalState reportedState = ThermalState.NORMAL;
    private double reportedFactor = 1.0;
    private ThrottledFlags reportedFlags;
    private boolean failing;
    private boolean closed;

    /**
     * @param source the temperature to govern by
     * @param flagsSource {@code vcgencmd} for {@code get_throttled}, or null where there is none
     * @param governor the governor to feed
     * @param events receives THERMAL and ERROR events (e.g. {@code writer::submit}); must not block for long
     * @param interval time between polls
     */
    public ThermalMonitor(TemperatureSource source, Vcgencmd flagsSource, ThermalGovernor governor,
            Consumer<NewEvent> events, Duration interval) {
        this.source = Objects.requireNonNull(source, "source");
        this.flagsSource = flagsSource;
        this.governor = Objects.requireNonNull(governor, "governor");
        this.events = Objects.requireNonNull(events, "events");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    /**
     * Starts polling on a daemon thread.
     *
     * @return this
     */
    public synchronized ThermalMonitor start() {
        if (thread == null) {
            running = true;
            thread = new Thread(this::loop, "edgecv-thermal");
            thread.setDaemon(true);
            thread.start();
            LOG.info("thermal monitor: {} every {}; policy {}", source.describe(), interval, governor.policy());
        }
        return this;
    }

    private void loop() {
        while (running) {
            poll();
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Reads once and updates the governor, emitting events for what changed; does nothing once closed. */
    public synchronized void poll() {
        if (closed) {
            return;
        }
        long now = System.currentTimeMillis();
        try {
            double c = source.celsius();
            ThermalState s = governor.update(c);
            double f = governor.factor();
            if (failing) {
                failing = false;
                LOG.info("thermal sensor {} readable again: {} °C", source.describe(), c);
            }
            if (s != reportedState || Math.abs(f - reportedFactor) >= 0.05) {
                LOG.info("thermal: {} °C -> {} (factor {})", c, s, String.format(Locale.ROOT, "%.2f", f));
                emit(EventType.THERMAL, now, String.format(Locale.ROOT,
                        "{\"celsius\":%.1f,\"state\":\"%s\",\"factor\":%.3f,\"previous\":\"%s\"}",
                        c, s, f, reportedState));
                reportedState = s;
                reportedFactor = f;
            }
        } catch (IOException | RuntimeException e) {
            if (!failing) {
                failing = true;
                LOG.warn("thermal sensor {} unreadable: {} (keeping state {})", source.describe(), e.getMessage(),
                        governor.state());
                emit(EventType.ERROR, now, "{\"component\":\"thermal\",\"message\":" + jsonString(e.getMessage())
                        + "}");
            }
        }
        if (flagsSource != null) {
            try {
                ThrottledFlags f = flagsSource.throttled();
                if (reportedFlags == null || f.bits() != reportedFlags.bits()) {
                    if (!f.activeNow().isEmpty() || reportedFlags != null) {
                        LOG.warn("firmware flags: {}", f);
                        emit(EventType.THERMAL, now, "{\"throttled\":\"" + String.format("0x%x", f.bits())
                                + "\",\"now\":" + jsonList(f.activeNow()) + ",\"sinceBoot\":"
                                + jsonList(f.occurredSinceBoot()) + "}");
                    }
                    reportedFlags = f;
                }
            } catch (IOException e) {
                LOG.debug("get_throttled: {}", e.getMessage());
            }
        }
    }

    private void emit(EventType type, long now, String payload) {
        events.accept(new NewEvent(type.name().toLowerCase(Locale.ROOT) + "/" + now + "-"
                + IDS.incrementAndGet(), type, now, payload));
    }

    static String jsonString(String s) {
        String v = s == null ? "" : s;
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }

    private static String jsonList(java.util.List<String> l) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < l.size(); i++) {
            b.append(i > 0 ? "," : "").append(jsonString(l.get(i)));
        }
        return b.append(']').toString();
    }

    /** Stops polling. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread = null;
        }
    }
}
