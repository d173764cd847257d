package io.edgecv.spi;

import java.util.Objects;

/**
 * Whether a backend can run on this machine, and if not, why and what to install.
 *
 * <p>Thread-safety: immutable.
 */
public final class Availability {
    private static final Availability AVAILABLE = new Availability(true, "available");

    private final boolean available;
    private final String reason;

    private Availability(boolean available, String reason) {
        this.available = available;
        this.reason = reason;
    }

    /** @return the backend can run */
    public static Availability available() {
        return AVAILABLE;
    }

    /**
     * @param reason what is missing and how to get it, for example
     *               {@code "libncnn not found; build NCNN with -DNCNN_SHARED_LIB=ON -DNCNN_C_API=ON and set edgecv.ncnn.library"}
     * @return the backend cannot run
     */
    public static Availability unavailable(String reason) {
        return new Availability(false, Objects.requireNonNull(reason, "reason"));
    }

    /** @return whether the backend can run */
    public boolean isAvailable() {
        return available;
    }

    /** @return {@code "available"}, or what is missing and how to get it */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return available ? "available" : "unavailable: " + reason;
    }
}
