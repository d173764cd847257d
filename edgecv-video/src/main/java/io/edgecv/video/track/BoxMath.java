package io.edgecv.video.track;

/** Box arithmetic shared by the trackers. Thread-safety: stateless. */
final class BoxMath {
    private BoxMath() {
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
