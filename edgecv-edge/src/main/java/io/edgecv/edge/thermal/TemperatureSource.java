package io.edgecv.edge.thermal;

import java.io.IOException;

/**
 * A temperature to govern by (the hottest of the sensors it covers).
 *
 * <p>Thread-safety: implementations are safe for one monitor thread.
 */
public interface TemperatureSource {
    /**
     * @return degrees Celsius now
     * @throws IOException when the sensor cannot be read (the monitor keeps the last state and reports it)
     */
    double celsius() throws IOException;

    /** @return what is read, e.g. {@code sysfs thermal_zone0 (cpu-thermal)} */
    String describe();
}
