package io.edgecv.train.data;

import java.util.Objects;

/**
 * One labelled box: corners {@code (x1, y1)} top-left and {@code (x2, y2)} bottom-right, in continuous image
 * coordinates (pixel edges: a box over the whole of a 640x480 image is {@code 0, 0, 640, 480}), with its class.
 * {@link LabelledImage#boxes()} gives boxes in pixels, {@link LabelledImage#normalisedBoxes()} the same divided by
 * the image size (0..1).
 *
 * <p>Thread-safety: immutable.
 *
 * @param x1 left edge
 * @param y1 top edge
 * @param x2 right edge, greater than {@code x1}
 * @param y2 bottom edge, greater than {@code y1}
 * @param classIndex index of the class in the label set's (or, after {@link ClassMapping#apply}, the model's)
 *                   class list
 * @param className name of the class
 */
public record Box(float x1, float y1, float x2, float y2, int classIndex, String className) {
    /** Checks the corners are finite and ordered and the class is named. */
    public Box {
        Objects.requireNonNull(className, "className");
        if (!Float.isFinite(x1) || !Float.isFinite(y1) || !Float.isFinite(x2) || !Float.isFinite(y2)) {
            throw new IllegalArgumentException("box corners must be finite, got " + x1 + ", " + y1 + ", " + x2
                    + ", " + y2);
        }
        if (!(x2 > x1) || !(y2 > y1)) {
            throw new IllegalArgumentException("box (" + x1 + ", " + y1 + ", " + x2 + ", " + y2
                    + ") is empty: x2 must be greater than x1 and y2 greater than y1");
        }
        if (classIndex < 0) {
            throw new IllegalArgumentException("class index must be 0 or more, got " + classIndex);
        }
    }

    /** @return {@code x2 - x1} */
    public float width() {
        return x2 - x1;
    }

    /** @return {@code y2 - y1} */
    public float height() {
        return y2 - y1;
    }

    /**
     * @param sx factor for x
     * @param sy factor for y
     * @return this box with its corners multiplied by the factors
     */
    public Box scaled(float sx, float sy) {
        return new Box(x1 * sx, y1 * sy, x2 * sx, y2 * sy, classIndex, className);
    }

    /**
     * @param index the new class index
     * @param name the new class name
     * @return this box with another class
     */
    public Box withClass(int index, String name) {
        return new Box(x1, y1, x2, y2, index, name);
    }
}
