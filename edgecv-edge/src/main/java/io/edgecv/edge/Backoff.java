package io.edgecv.edge;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff: {@code initial * 2^(failures-1)}, at most {@code max}. Used by the sync agent between failed
 * sends and by the watchdog between restarts.
 *
 * <p>Thread-safety: immutable.
 *
 * @param initial the first delay, positive
 * @param max the largest delay, at least {@code initial}
 */
public record Backoff(Duration initial, Duration max) {
    /** Checks the bounds. */
    public Backoff {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("backoff initial " + initial + " must be positive");
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff max " + max + " must be at least initial " + initial);
        }
    }

    /**
     * @param failures consecutive failures so far (0 means none: no delay)
     * @return the delay before the next attempt
     */
    public Duration delay(int failures) {
        if (failures <= 0) {
            return Duration.ZERO;
        }
        long nanos = initial.toNanos();
        for (int i = 1; i < failures && nanos < max.toNanos(); i++) {
            nanos *= 2;
        }
        return Duration.ofNanos(Math.min(nanos, max.toNanos()));
    }
}
