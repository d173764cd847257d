package io.edgecv.video.track;

import io.edgecv.Detection;

/** Box arithmetic shared by the trackers. Thread-safety: stateless. */
final class BoxMath {
    private BoxMath() {
    }

    /**
     * @param d a detection given to a tracker
     * @return {@code d}
     * @throws NullPointerException if it is null
     * @throws IllegalArgumentException if an edge is not finite (it would poison the Kalman state)
     */
    static Detection checked(Detection d) {
        if (d == null) {
            throw new NullPointerException("detections holds null");
        }
        if (!Float.isFinite(d.left()) || !Float.isFinite(d.top()) || !Float.isFinite(d.right())
                || !Float.isFinite(d.bottom())) {
            throw new IllegalArgumentException("detection " + d + " has a non-finite edge; trackers need finite boxes");
        }
        return d;
    }

    /**
     * IoU of two boxes given by their edges. Continuous coordinates: ByteTrack's {@code cython_bbox} adds one
     * pixel to widths and heights; detector boxes here are sub-pixel floats, so the +1 is left out.
     */
    static float iou(float l1, float t1, float r1, float b1, float l2, float t2, float r2, float b2) {
        float iw = Math.min(r1, r2) - Math.max(l1, l2);
        float ih = Math.min(b1, b2) - Math.max(t1, t2);
        if (iw <= 0 || ih <= 0) {
            return 0f;
        }
        float inter = iw * ih;
        float union = (r1 - l1) * (b1 - t1) + (r2 - l2) * (b2 - t2) - inter;
        return union <= 0 ? 0f : inter / union;
    }
}
