package io.edgecv.edge.power;

import java.io.IOException;

/**
 * Where watts come from.
 *
 * <p>Thread-safety: implementations may keep state between readings (counter wrap); one thread reads.
 */
public interface PowerSource {
    /**
     * @return a reading now
     * @throws IOException when the source cannot be read (the message says why, e.g. permissions)
     */
    PowerReading read() throws IOException;

    /** @return what is measured, e.g. {@code RAPL package-0 (CPU package only, not the whole machine)} */
    String describe();
}
