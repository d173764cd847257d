package io.edgecv.train.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A mutable list of boxes in pixels ({@code x1, y1, x2, y2} and a class index each) whose arrays are reused, for
 * augmentations to transform in place.
 *
 * <p>Thread-safety: not thread-safe.
 */
public final class BoxList {
    private float[] corners = new float[4 * 16];
    private int[] classes = new int[16];
    private int size;

    /** @return the number of boxes */
    public int size() {
        return size;
    }

    /** Removes every box (keeps the arrays). */
    public void clear() {
        size = 0;
    }

    /**
     * @param x1 left
     * @param y1 top
     * @param x2 right
     * @param y2 bottom
     * @param classIndex class
     */
    public void add(float x1, float y1, float x2, float y2, int classIndex) {
        if (size == classes.length) {
            classes = Arrays.copyOf(classes, size * 2);
            corners = Arrays.copyOf(corners, size * 8);
        }
        set(size++, x1, y1, x2, y2);
        classes[size - 1] = classIndex;
    }

    /**
     * @param i box index
     * @param x1 left
     * @param y1 top
     * @param x2 right
     * @param y2 bottom
     */
    public void set(int i, float x1, float y1, float x2, float y2) {
        int o = 4 * i;
        corners[o] = x1;
        corners[o + 1] = y1;
        corners[o + 2] = x2;
        corners[o + 3] = y2;
    }

    /** @param i box index @return its left edge */
    public float x1(int i) {
        return corners[4 * i];
    }

    /** @param i box index @return its top edge */
    public float y1(int i) {
        return corners[4 * i + 1];
    }

    /** @param i box index @return its right edge */
    public float x2(int i) {
        return corners[4 * i + 2];
    }

    /** @param i box index @return its bottom edge */
    public float y2(int i) {
        return corners[4 * i + 3];
    }

    /** @param i box index @return its class */
    public int classIndex(int i) {
        return classes[i];
    }

    /**
     * The corners as one array, for loss code: box {@code i} at {@code 4 i .. 4 i + 3} as {@code x1, y1, x2, y2},
     * each multiplied by the factors (pass {@code 1 / width, 1 / height} for normalised corners).
     *
     * @param reuse an array to fill when it holds at least {@code 4 * size()} floats, or null
     * @param scaleX factor for x
     * @param scaleY factor for y
     * @return {@code reuse}, or a new array when it was null or too short
     */
    public float[] corners(float[] reuse, float scaleX, float scaleY) {
        float[] out = reuse != null && reuse.length >= 4 * size ? reuse : new float[4 * size];
        for (int i = 0; i < 4 * size; i += 2) {
            out[i] = corners[i] * scaleX;
            out[i + 1] = corners[i + 1] * scaleY;
        }
        return out;
    }

    /**
     * @param reuse an array to fill when it holds at least {@code size()} ints, or null
     * @return the class indices in box order: {@code reuse}, or a new array when it was null or too short
     */
    public int[] classIndices(int[] reuse) {
        int[] out = reuse != null && reuse.length >= size ? reuse : new int[size];
        System.arraycopy(classes, 0, out, 0, size);
        return out;
    }

    /**
     * Removes box {@code i}, keeping the order of the others.
     *
     * @param i box index
     */
    public void remove(int i) {
        System.arraycopy(corners, 4 * (i + 1), corners, 4 * i, 4 * (size - i - 1));
        System.arraycopy(classes, i + 1, classes, i, size - i - 1);
        size--;
    }

    /**
     * Replaces the boxes with those of a labelled image.
     *
     * @param boxes boxes in pixels
     */
    public void setAll(List<Box> boxes) {
        clear();
        for (Box b : boxes) {
            add(b.x1(), b.y1(), b.x2(), b.y2(), b.classIndex());
        }
    }

    /**
     * @param classNames names indexed by class
     * @return the boxes as values
     */
    public List<Box> toBoxes(List<String> classNames) {
        List<Box> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int c = classes[i];
            out.add(new Box(x1(i), y1(i), x2(i), y2(i), c, c < classNames.size() ? classNames.get(c) : "class " + c));
        }
        return out;
    }
}
