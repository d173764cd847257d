package io.edgecv.video.track;

import java.util.Locale;
import java.util.Objects;

/**
 * One tracked object at one frame: a stable id, its state, its box (in image pixels, the Kalman filter's estimate),
 * the score and class of the last detection matched to it.
 *
 * <p>A {@code Track} is a snapshot: the object API ({@link Tracker#update(java.util.List, long)}) returns new ones at
 * every call, and {@link TrackBuffer#track(int)} makes one from the reused buffer the video pipeline fills, so a
 * snapshot may be kept or handed to another thread while the tracker goes on.
 *
 * <p>Thread-safety: immutable.
 */
public final class Track {
    private final int id;
    private final TrackState state;
    private final Box box;
    private final float score;
    private final int classId;
    private final String label;
    private final long frameIndex;
    private final long lastDetectionFrame;
    private final boolean predicted;

    /**
     * @param id stable track id, from 1
     * @param state lifecycle state
     * @param box its box in image pixels
     * @param score score of the last matched detection
     * @param classId class of the detection that started or last updated the track
     * @param label that class's name
     * @param frameIndex frame this box is for
     * @param lastDetectionFrame last frame a detection was matched to the track
     * @param predicted true when the box comes from the motion model alone at this frame
     */
    public Track(int id, TrackState state, Box box, float score, int classId, String label, long frameIndex,
                 long lastDetectionFrame, boolean predicted) {
        this.id = id;
        this.state = Objects.requireNonNull(state, "state");
        this.box = Objects.requireNonNull(box, "box");
        this.score = score;
        this.classId = classId;
        this.label = Objects.requireNonNull(label, "label");
        this.frameIndex = frameIndex;
        this.lastDetectionFrame = lastDetectionFrame;
        this.predicted = predicted;
    }

    /** @return the track id: stable for the track's life, never reused by the same tracker (until reset) */
    public int id() {
        return id;
    }

    /** @return the lifecycle state at {@link #frameIndex()} */
    public TrackState state() {
        return state;
    }

    /** @return its box in image pixels (left, top, right, bottom) */
    public Box box() {
        return box;
    }

    /** @return score of the last detection matched to the track */
    public float score() {
        return score;
    }

    /** @return class id of the track's detections */
    public int classId() {
        return classId;
    }

    /** @return class name of the track's detections */
    public String label() {
        return label;
    }

    /** @return the frame this snapshot is for (the index given to {@code update} or {@code predict}) */
    public long frameIndex() {
        return frameIndex;
    }

    /** @return the last frame at which a detection was matched to this track */
    public long lastDetectionFrame() {
        return lastDetectionFrame;
    }

    /** @return true when this box is the motion model's prediction (a skipped or missed frame) */
    public boolean predicted() {
        return predicted;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "track %d %s %s %.3f [%.1f, %.1f, %.1f, %.1f] @%d%s", id, state, label,
                score, box.left(), box.top(), box.right(), box.bottom(), frameIndex, predicted ? " predicted" : "");
    }
}
