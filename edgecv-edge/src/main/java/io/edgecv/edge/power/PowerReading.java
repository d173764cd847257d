package io.edgecv.edge.power;

/**
 * One reading of a {@link PowerSource}: an energy counter (joules since some origin, x86 RAPL) or an instantaneous
 * power (watts, INA3221 and PMIC); the other field is NaN.
 *
 * <p>Thread-safety: immutable.
 *
 * @param nanoTime {@link System#nanoTime()} at the reading
 * @param joules cumulative energy, or NaN for an instantaneous source
 * @param watts instantaneous power, or NaN for an energy counter
 */
public record PowerReading(long nanoTime, double joules, double watts) {
    /** @return true for an energy counter (average power comes from two readings) */
    public boolean isEnergy() {
        return !Double.isNaN(joules);
    }
}
