package io.edgecv.video.metrics;

import java.util.Locale;

/**
 * One row of a MOTChallenge text file ({@code frame, id, bb_left, bb_top, bb_width, bb_height, conf, x/class,
 * y/visibility, z}): a box of one object id in one frame. Coordinates are kept as written (MOTChallenge's are
 * 1-based pixels; a constant offset does not change an IoU, so nothing here shifts them).
 *
 * <p>Thread-safety: immutable.
 */
public final class MotBox {
    private final long frame;
    private final int id;
    private final double left;
    private final double top;
    private final double width;
    private final double height;
    private final double confidence;
    private final double classId;
    private final double visibility;

    /**
     * @param frame frame number (MOTChallenge frames start at 1)
     * @param id object or track id
     * @param left x of the left edge
     * @param top y of the top edge
     * @param width box width, {@code >= 0}
     * @param height box height, {@code >= 0}
     * @param confidence score, or the ground truth's "consider" flag (1 / 0); -1 when unused
     * @param classId class (7th/8th column of MOT16+ ground truth); -1 when unused
     * @param visibility visibility ratio (MOT16+ ground truth); -1 when unused
     */
    public MotBox(long frame, int id, double left, double top, double width, double height, double confidence,
                  double classId, double visibility) {
        if (!(width >= 0) || !(height >= 0)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "frame %d id %d: width %s and height %s must be >= 0", frame, id, width, height));
        }
        this.frame = frame;
        this.id = id;
        this.left = left;
        this.top = top;
        this.width = width;
        this.height = height;
        this.confidence = confidence;
        this.classId = classId;
        this.visibility = visibility;
    }

    /** @return the frame number */
    public long frame() {
        return frame;
    }

    /** @return the object or track id */
    public int id() {
        return id;
    }

    /** @return x of the left edge */
    public double left() {
        return left;
    }

    /** @return y of the top edge */
    public double top() {
        return top;
    }

    /** @return the width */
    public double width() {
        return width;
    }

    /** @return the height */
    public double height() {
        return height;
    }

    /** @return the confidence column */
    public double confidence() {
        return confidence;
    }

    /** @return the class column (-1 when unused) */
    public double classId() {
        return classId;
    }

    /** @return the visibility column (-1 when unused) */
    public double visibility() {
        return visibility;
    }

    /**
     * IoU with another box, as py-motmetrics' {@code boxiou}: continuous coordinates, 0 when they do not overlap.
     *
     * @param o the other box
     * @return 0 to 1
     */
    public double iou(MotBox o) {
        double iw = Math.max(Math.min(left + width, o.left + o.width) - Math.max(left, o.left), 0);
        double ih = Math.max(Math.min(top + height, o.top + o.height) - Math.max(top, o.top), 0);
        double inter = iw * ih;
        if (inter == 0) {
            return 0;
        }
        return inter / (width * height + o.width * o.height - inter);
    }

    @Override
    public String toString() {
        return MotFormat.line(this);
    }
}
