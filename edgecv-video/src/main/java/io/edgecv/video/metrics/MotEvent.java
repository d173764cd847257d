package io.edgecv.video.metrics;

import java.util.Locale;

/**
 * One event of the CLEAR-MOT bookkeeping, as py-motmetrics' {@code MOTAccumulator} records them (its
 * {@code mot_events}, without the RAW rows).
 *
 * <p>Thread-safety: immutable.
 */
public final class MotEvent {
    /** Kinds of event. */
    public enum Type {
        /** An object matched to a hypothesis, consistent with the object's last pairing (or its first). */
        MATCH,
        /** An object matched to a hypothesis other than the one it was last paired with (an ID switch). */
        SWITCH,
        /** An object no hypothesis was matched to (false negative). */
        MISS,
        /** A hypothesis matched to no object (false positive). */
        FP,
        /** A hypothesis matched to an object other than the one it was last paired with. */
        TRANSFER,
        /** A switch to a hypothesis never matched before. */
        ASCEND,
        /** A transfer of an object never matched before. */
        MIGRATE
    }

    private final long frame;
    private final Type type;
    private final int objectId;
    private final int hypothesisId;
    private final double distance;
    private final boolean hasObject;
    private final boolean hasHypothesis;

    MotEvent(long frame, Type type, boolean hasObject, int objectId, boolean hasHypothesis, int hypothesisId,
             double distance) {
        this.frame = frame;
        this.type = type;
        this.hasObject = hasObject;
        this.objectId = objectId;
        this.hasHypothesis = hasHypothesis;
        this.hypothesisId = hypothesisId;
        this.distance = distance;
    }

    /** @return the frame id given to {@link MotAccumulator#update} */
    public long frame() {
        return frame;
    }

    /** @return the kind of event */
    public Type type() {
        return type;
    }

    /** @return whether an object takes part (false for {@link Type#FP}) */
    public boolean hasObject() {
        return hasObject;
    }

    /** @return the object id; meaningless unless {@link #hasObject()} */
    public int objectId() {
        return objectId;
    }

    /** @return whether a hypothesis takes part (false for {@link Type#MISS}) */
    public boolean hasHypothesis() {
        return hasHypothesis;
    }

    /** @return the hypothesis id; meaningless unless {@link #hasHypothesis()} */
    public int hypothesisId() {
        return hypothesisId;
    }

    /** @return the pair's distance, NaN for MISS and FP */
    public double distance() {
        return distance;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d %s o=%s h=%s d=%s", frame, type, hasObject ? objectId : "-",
                hasHypothesis ? hypothesisId : "-", distance);
    }
}
