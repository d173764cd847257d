package io.edgecv.edge.thermal;

import io.edgecv.edge.Throttle;
import java.util.Objects;

/**
 * Applies a {@link ThermalPolicy} to a stream of temperatures and is the {@link Throttle} a pipeline obeys.
 *
 * <p>Hysteresis is a dead band ("backlash") of {@code hysteresis} °C: the temperature that sets the factor follows a
 * rise at once but a fall only once the reading is more than {@code hysteresis} below it, so a reading wobbling
 * within the band leaves the factor alone. Slowing down is never delayed; speeding up is. At {@code critical} the
 * governor pauses; it resumes once the reading is below {@code warning}, at the factor of that reading.
 *
 * <p>Thread-safety: thread-safe; one thread calls {@link #update}, any thread reads.
 */
public final class ThermalGovernor implements Throttle {
    private final ThermalPolicy policy;
    private double effective = Double.NEGATIVE_INFINITY;
    private volatile double factor = 1.0;
    private volatile ThermalState state = ThermalState.NORMAL;
    private volatile double lastReading = Double.NaN;

    /** @param policy the policy */
    public ThermalGovernor(ThermalPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** @return the policy */
    public ThermalPolicy policy() {
        return policy;
    }

    /**
     * @param celsius a new reading
     * @return the state after it
     */
    public synchronized ThermalState update(double celsius) {
        if (Double.isNaN(celsius)) {
            throw new IllegalArgumentException("temperature reading is NaN");
        }
        lastReading = celsius;
        if (celsius > effective) {
            effective = celsius;
        } else if (celsius < effective - policy.hysteresis()) {
            effective = celsius + policy.hysteresis();
        }
        ThermalState next;
        if (state == ThermalState.PAUSED) {
            next = celsius < policy.warning() ? ThermalState.NORMAL : ThermalState.PAUSED;
            if (next != ThermalState.PAUSED) {
                effective = celsius; // start afresh from the cool reading
            }
        } else if (celsius >= policy.critical()) {
            next = ThermalState.PAUSED;
        } else {
            next = effective > policy.warning() ? ThermalState.THROTTLED : ThermalState.NORMAL;
        }
        factor = policy.lineFactor(effective);
        if (next == ThermalState.NORMAL && factor < 1.0) {
            next = ThermalState.THROTTLED;
        }
        boolean resumed = state == ThermalState.PAUSED && next != ThermalState.PAUSED;
        state = next;
        if (resumed) {
            notifyAll();
        }
        return next;
    }

    @Override
    public double factor() {
        return state == ThermalState.PAUSED ? 0.0 : factor;
    }

    @Override
    public boolean paused() {
        return state == ThermalState.PAUSED;
    }

    @Override
    public synchronized void awaitRunnable() throws InterruptedException {
        while (state == ThermalState.PAUSED) {
            wait();
        }
    }

    /** @return the state now */
    public ThermalState state() {
        return state;
    }

    /** @return the last reading in °C, NaN before the first */
    public double lastReading() {
        return lastReading;
    }
}
