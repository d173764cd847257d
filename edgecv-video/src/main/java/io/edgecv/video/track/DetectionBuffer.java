package io.edgecv.video.track;

import io.edgecv.Detection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One frame's detections as primitive columns (box edges, score, class id, label), reused frame after frame: the
 * video pipeline's decoder writes into one and the trackers read it by index, so a frame's tens of detections
 * (ByteTrack wants the low-score ones too) cost no objects. {@link #add(Detection)}, {@link #of(List)} and
 * {@link #toList()} bridge to the object API ({@link Detection}) used for single images; keypoints are not kept.
 *
 * <p>Thread-safety: not thread-safe. A buffer the pipeline hands out is valid until the pipeline reuses it (see
 * {@code FrameResult}); keep a {@link #copy()} or {@link #toList()} instead.
 */
public final class DetectionBuffer extends BoxColumns {
    /** An empty buffer with room for 32 detections (it grows). */
    public DetectionBuffer() {
        this(32);
    }

    /**
     * @param capacity detections it holds before growing, at least 1
     */
    public DetectionBuffer(int capacity) {
        super(capacity);
    }

    /**
     * @param detections detections in image pixels
     * @return a new buffer holding them, in that order
     * @throws IllegalArgumentException as {@link #add(float, float, float, float, float, int, String)}
     */
    public static DetectionBuffer of(List<Detection> detections) {
        DetectionBuffer b = new DetectionBuffer(Math.max(1, detections.size()));
        for (Detection d : detections) {
            b.add(d);
        }
        return b;
    }

    /**
     * Appends a detection.
     *
     * @param left x of the left edge in image pixels
     * @param top y of the top edge
     * @param right x of the right edge, {@code >= left}
     * @param bottom y of the bottom edge, {@code >= top}
     * @param score its score
     * @param classId its class id
     * @param label its class name
     * @throws IllegalArgumentException if an edge is not finite (it would poison a tracker's Kalman state) or the
     *         box is inverted
     * @throws NullPointerException if {@code label} is null
     */
    public void add(float left, float top, float right, float bottom, float score, int classId, String label) {
        Objects.requireNonNull(label, "label");
        if (!Float.isFinite(left) || !Float.isFinite(top) || !Float.isFinite(right) || !Float.isFinite(bottom)
                || right < left || bottom < top) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "detection %s (%s, %s)-(%s, %s) has a"
                    + " non-finite edge or is inverted; trackers need finite boxes with right >= left and bottom >="
                    + " top", label, left, top, right, bottom));
        }
        append(left, top, right, bottom, score, classId, label);
    }

    /**
     * @param d a detection to append (its keypoints are not kept)
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if an edge is not finite
     */
    public void add(Detection d) {
        if (d == null) {
            throw new NullPointerException("detections holds null");
        }
        add(d.left(), d.top(), d.right(), d.bottom(), d.score(), d.classId(), d.label());
    }

    /**
     * @param i entry
     * @return a new {@link Detection} holding it
     */
    public Detection detection(int i) {
        return new Detection(left(i), top(i), right(i), bottom(i), score(i), classId(i), label(i), null);
    }

    /** @return new {@link Detection} objects for every entry, in order; a list the caller owns */
    public List<Detection> toList() {
        List<Detection> out = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            out.add(detection(i));
        }
        return out;
    }

    /** @return a new buffer with the same entries, for keeping past the pipeline's reuse of this one */
    public DetectionBuffer copy() {
        DetectionBuffer c = new DetectionBuffer(Math.max(1, size()));
        for (int i = 0; i < size(); i++) {
            c.append(left(i), top(i), right(i), bottom(i), score(i), classId(i), label(i));
        }
        return c;
    }

    @Override
    public String toString() {
        return size() + " detections";
    }
}
