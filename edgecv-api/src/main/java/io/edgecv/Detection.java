package io.edgecv;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * One object found in an image: a box in the original image's pixels (x to the right, y down, edges not centres),
 * a score in [0, 1], a class id and its label, and for models that give them, keypoints (for BlazeFace: right eye,
 * left eye, nose tip, mouth centre, right ear tragion, left ear tragion).
 *
 * <p>Thread-safety: immutable.
 */
public final class Detection {
    private static final float[] NO_KEYPOINTS = new float[0];

    private final float left;
    private final float top;
    private final float right;
    private final float bottom;
    private final float score;
    private final int classId;
    private final String label;
    private final float[] keypoints;

    /**
     * @param left x of the left edge, original image pixels
     * @param top y of the top edge
     * @param right x of the right edge, {@code >= left}
     * @param bottom y of the bottom edge, {@code >= top}
     * @param score confidence in [0, 1]
     * @param classId index of the class in the model's label list
     * @param label the class name
     * @param keypoints x, y pairs in original image pixels; copied; may be empty
     */
    public Detection(float left, float top, float right, float bottom, float score, int classId, String label,
                     float[] keypoints) {
        if (!(right >= left) || !(bottom >= top)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "box (%.1f, %.1f)-(%.1f, %.1f) has right < left or bottom < top", left, top, right, bottom));
        }
        if ((keypoints != null ? keypoints.length : 0) % 2 != 0) {
            throw new IllegalArgumentException("keypoints hold x, y pairs: length " + keypoints.length + " is odd");
        }
        this.left = left;
        this.top = top;
        this.right = right;
        this.bottom = bottom;
        this.score = score;
        this.classId = classId;
        this.label = Objects.requireNonNull(label, "label");
        this.keypoints = keypoints == null || keypoints.length == 0 ? NO_KEYPOINTS : keypoints.clone();
    }

    /** @return x of the left edge in original image pixels */
    public float left() {
        return left;
    }

    /** @return y of the top edge in original image pixels */
    public float top() {
        return top;
    }

    /** @return x of the right edge in original image pixels */
    public float right() {
        return right;
    }

    /** @return y of the bottom edge in original image pixels */
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

    /** @return confidence in [0, 1] */
    public float score() {
        return score;
    }

    /** @return index of the class in the model's label list */
    public int classId() {
        return classId;
    }

    /** @return the class name ({@code "class 7"} when the model came with no labels) */
    public String label() {
        return label;
    }

    /** @return how many keypoints the detection has */
    public int keypointCount() {
        return keypoints.length / 2;
    }

    /**
     * @param i keypoint index, 0 to {@code keypointCount() - 1}
     * @return its x in original image pixels
     */
    public float keypointX(int i) {
        return keypoints[2 * i];
    }

    /**
     * @param i keypoint index, 0 to {@code keypointCount() - 1}
     * @return its y in original image pixels
     */
    public float keypointY(int i) {
        return keypoints[2 * i + 1];
    }

    /**
     * Intersection over union with another box.
     *
     * @param other the other detection
     * @return 0 (disjoint) to 1 (identical)
     */
    public float iou(Detection other) {
        float iw = Math.min(right, other.right) - Math.max(left, other.left);
        float ih = Math.min(bottom, other.bottom) - Math.max(top, other.top);
        if (iw <= 0 || ih <= 0) {
            return 0f;
        }
        float inter = iw * ih;
        float union = width() * height() + other.width() * other.height() - inter;
        return union <= 0 ? 0f : inter / union;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Detection)) {
            return false;
        }
        Detection d = (Detection) o;
        return Float.compare(left, d.left) == 0 && Float.compare(top, d.top) == 0
                && Float.compare(right, d.right) == 0 && Float.compare(bottom, d.bottom) == 0
                && Float.compare(score, d.score) == 0 && classId == d.classId && label.equals(d.label)
                && Arrays.equals(keypoints, d.keypoints);
    }

    @Override
    public int hashCode() {
        return Objects.hash(left, top, right, bottom, score, classId, label) * 31 + Arrays.hashCode(keypoints);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s %.3f [%.1f, %.1f, %.1f, %.1f]%s", label, score, left, top, right,
                bottom, keypoints.length == 0 ? "" : " +" + keypointCount() + " keypoints");
    }
}
