package io.edgecv.decode.yolo;

import io.edgecv.nms.Candidates;

/**
 * Box checks and conversion shared by the YOLO decoders: a candidate is kept only with finite coordinates and a
 * positive width and height (a degenerate or NaN box is dropped, never passed on); coordinates are multiplied by
 * the decoder's box scale (1 for boxes in input pixels, the input size for normalised boxes).
 *
 * <p>Thread-safety: stateless.
 */
final class Boxes {
    private Boxes() {
    }

    /** Adds a centre-size box, if valid. */
    static void addCenter(Candidates out, float cx, float cy, float w, float h, float score, int cls, float sx,
                          float sy) {
        if (!(w > 0f) || !(h > 0f) || !(w < Float.POSITIVE_INFINITY) || !(h < Float.POSITIVE_INFINITY)
                || !Float.isFinite(cx) || !Float.isFinite(cy)) {
            return;
        }
        float hw = 0.5f * w;
        float hh = 0.5f * h;
        out.add((cx - hw) * sx, (cy - hh) * sy, (cx + hw) * sx, (cy + hh) * sy, score, cls);
    }

    /** Adds a corner box, if valid. */
    static void addCorners(Candidates out, float x1, float y1, float x2, float y2, float score, int cls, float sx,
                           float sy) {
        if (!(x2 > x1) || !(y2 > y1) || !Float.isFinite(x1) || !Float.isFinite(y1) || !Float.isFinite(x2)
                || !Float.isFinite(y2)) {
            return;
        }
        out.add(x1 * sx, y1 * sy, x2 * sx, y2 * sy, score, cls);
    }
}
