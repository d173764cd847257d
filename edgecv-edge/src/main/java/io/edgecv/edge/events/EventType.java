package io.edgecv.edge.events;

/**
 * What an event reports. The name is stored in the log and sent on the wire; never rename a constant.
 *
 * <p>Thread-safety: immutable.
 */
public enum EventType {
    /** Detections of one processed frame. */
    DETECTION,
    /** A track was confirmed for the first time. */
    TRACK_APPEARED,
    /** A track was lost for good. */
    TRACK_LEFT,
    /** The thermal state or the throttle factor changed, or the firmware reported throttling/under-voltage. */
    THERMAL,
    /** A power reading or a change of power source. */
    POWER,
    /** The watchdog restarted the worker, or stopped restarting it (crash loop). */
    RESTART,
    /** A failure worth reporting upstream. */
    ERROR,
    /** Anything else an application records. */
    CUSTOM;

    /**
     * @param name a stored or received type name
     * @return the type
     * @throws IllegalArgumentException naming the value and the known types
     */
    public static EventType parse(String name) {
        for (EventType t : values()) {
            if (t.name().equalsIgnoreCase(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown event type '" + name + "': use one of "
                + java.util.Arrays.toString(values()));
    }
}
