package io.edgecv.edge.thermal;

import java.util.ArrayList;
import java.util.List;

/**
 * The bits of {@code vcgencmd get_throttled} ({@code throttled=0x50005}): bits 0 to 3 are the state now
 * (under-voltage, ARM frequency capped, throttled, soft temperature limit), bits 16 to 19 the same since boot.
 *
 * <p>Thread-safety: immutable.
 *
 * @param bits the raw value
 */
public record ThrottledFlags(int bits) {
    private static final String[] NAMES = {"under-voltage", "arm-frequency-capped", "throttled",
        "soft-temperature-limit"};

    /**
     * @param output the command's output, e.g. {@code throttled=0x50005}
     * @return the flags
     * @throws IllegalArgumentException when the output is not in that form
     */
    public static ThrottledFlags parse(String output) {
        String s = output.strip();
        int eq = s.indexOf('=');
        if (!s.startsWith("throttled=") || eq < 0) {
            throw new IllegalArgumentException("vcgencmd get_throttled printed '" + s + "', expected throttled=0x...");
        }
        String v = s.substring(eq + 1).strip();
        try {
            return new ThrottledFlags((int) Long.parseLong(v.startsWith("0x") ? v.substring(2) : v, 16));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("vcgencmd get_throttled value '" + v + "' is not hexadecimal", e);
        }
    }

    /** @return under-voltage now (bit 0) */
    public boolean underVoltageNow() {
        return (bits & 1) != 0;
    }

    /** @return the firmware is throttling now (bit 2) */
    public boolean throttledNow() {
        return (bits & 4) != 0;
    }

    /** @return under-voltage has occurred since boot (bit 16) */
    public boolean underVoltageOccurred() {
        return (bits & (1 << 16)) != 0;
    }

    /** @return names of the conditions active now */
    public List<String> activeNow() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            if ((bits & (1 << i)) != 0) {
                out.add(NAMES[i]);
            }
        }
        return out;
    }

    /** @return names of the conditions that occurred since boot */
    public List<String> occurredSinceBoot() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            if ((bits & (1 << (16 + i))) != 0) {
                out.add(NAMES[i]);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return String.format("0x%x now=%s since-boot=%s", bits, activeNow(), occurredSinceBoot());
    }
}
