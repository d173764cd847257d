package io.edgecv.video.track;

import java.util.Locale;
import java.util.Objects;

/**
 * One tracked object at one frame: a stable id, its state, its box (left, top, right, bottom in image pixels, the
 * Kalman filter's estimate), the score and class of the last detection matched to it.
 *
 * <p>A {@code Track} is a snapshot: the tracker returns new ones at every call, so a snapshot may be handed to
 * another thread (an output stage) while the tracker goes on.
 *
 * <p>Thread-safety: immutable.
 */
public final class Track {
    private final int id;
    private final TrackState state;
    private final float left;
    private final float top;
    private final float right;
    private final float bottom;
    private final float score;
    private final int classId;
    private final String label;
    private final long frameIndex;
    private final long lastDetectionFrame;
    private final boolean predicted;

    /**
     * @param id stable track id, from 1
     * @param state lifecycle state
     * @param left x of the left edge
     * @param top y of the top edge
     * @param right x of the right edge
     * @param bottom y of the bottom edge
     * @param score score of the last matched detection
     * @param classId class of the detection that started or last updated the track
     * @param label that class's name
     * @param frameIndex frame this box is for
     * @param lastDetectionFrame last frame a detection was matched to the track
     * @param predicted true when the box comes from the motion model alone at this frame
     */
    public Track(int id, TrackState state, float left, float top, float right, float bottom, float score,
                 int classId, String label, long frameIndex, long lastDetectionFrame, boolean predicted) {
        this.id = id;
        this.state = Objects.requireNonNull(state, "state");
        this.left = left;
        this.top = top;
        this.right = right;
        this.bottom = bottom;
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

    /** @return x of the left edge in image pixels */
    public float left() {
        return left;
    }

    /** @return y of the top edge in image pixels */
    public float top() {
        return top;
    }

    /** @return x of the right edge in image pixels */
    public float right() {
        return right;
    }

    /** @return y of the bottom edge in image pixels */
    public float bottom() {
        return bottom;
    }

    /** @return {@code right - left} */
    public float width() {
        return right - left;
    }

    /** @return {@code bottom - top} */
    public float height() {
        return bottom - top;
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

    /**
     * Intersection over union with another box (continuous coordinates, no +1 pixel convention).
     *
     * @param l other left
     * @param t other top
     * @param r other right
     * @param b other bottom
     * @return 0 (disjoint) to 1 (identical)
     */
    public float iou(float l, float t, float r, float b) {
        return BoxMath.iou(left, top, right, bottom, l, t, r, b);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "track %d %s %s %.3f [%.1f, %.1f, %.1f, %.1f] @%d%s", id, state, label,
                score, left, top, right, bottom, frameIndex, predicted ? " predicted" : "");
    }
}
