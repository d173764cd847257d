package io.edgecv.edge.power;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures average power over an interval ({@link #start()} to {@link #stop()}). An energy counter (RAPL) is read at
 * both ends and in between (to catch counter wraps); an instantaneous source (INA3221, PMIC) is sampled every
 * {@code interval} and integrated with the trapezoid rule, so the average weighs each sample by the time it covers.
 *
 * <p>Thread-safety: thread-safe; the sampling runs on its own daemon thread.
 */
public final class PowerMeter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PowerMeter.class);

    private final PowerSource source;
    private final Duration interval;
    private Thread thread;
    private PowerReading first;
    private PowerReading last;
    private double joules;
    private int readings;
    private IOException failure;

    /**
     * @param source what to read
     * @param interval time between readings, at least 10 ms
     */
    public PowerMeter(PowerSource source, Duration interval) {
        this.source = Objects.requireNonNull(source, "source");
        if (interval.toMillis() < 10) {
            throw new IllegalArgumentException("power sampling interval " + interval + " must be at least 10 ms");
        }
        this.interval = interval;
    }

    /** @return the source */
    public PowerSource source() {
        return source;
    }

    /**
     * Takes the first reading and starts sampling.
     *
     * @throws IOException when the source cannot be read at all
     */
    public synchronized void start() throws IOException {
        if (thread != null) {
            throw new IllegalStateException("power meter already started");
        }
        first = source.read();
        last = first;
        joules = 0;
        readings = 1;
        thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    Thread.sleep(interval.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                sample();
            }
        }, "edgecv-power");
        thread.setDaemon(true);
        thread.start();
    }

    /** Takes one reading now (the sampling thread calls this; callers may too). */
    public synchronized void sample() {
        if (first == null) {
            return;
        }
        try {
            add(source.read());
        } catch (IOException e) {
            if (failure == null) {
                LOG.warn("power source {} unreadable: {}", source.describe(), e.getMessage());
            }
            failure = e;
        }
    }

    /** Adds a reading taken by the caller (package-private for tests with hand-made times). */
    synchronized void add(PowerReading r) {
        if (r.isEnergy()) {
            joules = r.joules() - first.joules();
        } else {
            double dt = (r.nanoTime() - last.nanoTime()) / 1e9;
            joules += (r.watts() + last.watts()) / 2 * dt;
        }
        last = r;
        readings++;
    }

    /** Starts with a reading taken by the caller (package-private for tests). */
    synchronized void begin(PowerReading r) {
        first = r;
        last = r;
        joules = 0;
        readings = 1;
    }

    /**
     * Takes a last reading and stops sampling.
     *
     * @return the average over the interval
     * @throws IOException when the source failed during the interval (a gap would make the average wrong)
     */
    public PowerSummary stop() throws IOException {
        Thread t;
        synchronized (this) {
            t = thread;
            thread = null;
        }
        if (t != null) {
            t.interrupt();
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        sample();
        return summary();
    }

    /**
     * @return the average so far
     * @throws IOException when the source failed, or fewer than two readings were taken
     */
    public synchronized PowerSummary summary() throws IOException {
        if (failure != null) {
            throw new IOException("power source " + source.describe() + " failed during the measurement: "
                    + failure.getMessage(), failure);
        }
        double seconds = first == null ? 0 : (last.nanoTime() - first.nanoTime()) / 1e9;
        if (readings < 2 || seconds <= 0) {
            throw new IOException("power measurement too short: " + readings + " readings over " + seconds + " s");
        }
        return new PowerSummary(source.describe(), joules / seconds, joules, seconds, readings);
    }

    /** Stops sampling. Idempotent. */
    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.interrupt();
            thread = null;
        }
    }
}
