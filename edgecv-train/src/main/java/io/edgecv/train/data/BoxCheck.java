package io.edgecv.train.data;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks a box in pixels against its image: finite, not empty, inside the image with {@link #SLACK} pixels of
 * slack (coordinates written with rounding), and clamps it to the image.
 *
 * <p>Thread-safety: stateless.
 */
final class BoxCheck {
    /** Pixels a corner may lie outside the image and still be taken (clamped): rounding in label tools. */
    static final float SLACK = 0.5f;

    private BoxCheck() {
    }

    /**
     * @return the box clamped to the image
     * @throws LabelException if the box is empty, not finite or outside the image by more than the slack
     */
    static Box inside(Path file, String where, String written, float x1, float y1, float x2, float y2,
                      int width, int height, int classIndex, String className) throws LabelException {
        if (!Float.isFinite(x1) || !Float.isFinite(y1) || !Float.isFinite(x2) || !Float.isFinite(y2)) {
            throw new LabelException(file, where, written, "box corners must be finite numbers; fix the label");
        }
        if (x1 < -SLACK || y1 < -SLACK || x2 > width + SLACK || y2 > height + SLACK) {
            throw new LabelException(file, where, written, String.format(Locale.ROOT,
                    "box (%.2f, %.2f, %.2f, %.2f) lies outside the %dx%d image; fix the label (or check that it "
                            + "belongs to this image)", x1, y1, x2, y2, width, height));
        }
        float cx1 = Math.max(0f, x1);
        float cy1 = Math.max(0f, y1);
        float cx2 = Math.min(width, x2);
        float cy2 = Math.min(height, y2);
        if (!(cx2 > cx1) || !(cy2 > cy1)) {
            throw new LabelException(file, where, written, String.format(Locale.ROOT,
                    "box (%.2f, %.2f, %.2f, %.2f) is empty (no width or height); fix or remove the label",
                    x1, y1, x2, y2));
        }
        return new Box(cx1, cy1, cx2, cy2, classIndex, className);
    }
}
