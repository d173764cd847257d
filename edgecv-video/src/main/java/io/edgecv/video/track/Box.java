package io.edgecv.video.track;

/**
 * An axis-aligned box in image pixels by its edges (x to the right, y down), as a value.
 *
 * <p>Thread-safety: immutable.
 *
 * @param left x of the left edge
 * @param top y of the top edge
 * @param right x of the right edge
 * @param bottom y of the bottom edge
 */
public record Box(float left, float top, float right, float bottom) {
    /** @return {@code right - left} */
    public float width() {
        return right - left;
    }

    /** @return {@code bottom - top} */
    public float height() {
        return bottom - top;
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
}
