package io.edgecv.video.track;

import java.util.Arrays;

/**
 * Boxes with a score and a class, stored as parallel primitive arrays (struct of arrays) that are kept and grown,
 * so that filling one frame after another allocates nothing once the arrays are large enough: what
 * {@link DetectionBuffer} and {@link TrackBuffer} share. Entries are read by index, {@code 0 <= i < size()}; an
 * index out of that range throws {@link IndexOutOfBoundsException}.
 *
 * <p>Thread-safety: not thread-safe.
 */
abstract class BoxColumns {
    private float[] boxes;
    private float[] scores;
    private int[] classes;
    private String[] labels;
    int size;

    BoxColumns(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " must be at least 1");
        }
        boxes = new float[4 * capacity];
        scores = new float[capacity];
        classes = new int[capacity];
        labels = new String[capacity];
    }

    /** @return how many entries there are */
    public final int size() {
        return size;
    }

    /** @return true if there are none */
    public final boolean isEmpty() {
        return size == 0;
    }

    /**
     * @param i entry
     * @return x of the left edge in image pixels
     */
    public final float left(int i) {
        return boxes[4 * check(i)];
    }

    /**
     * @param i entry
     * @return y of the top edge in image pixels
     */
    public final float top(int i) {
        return boxes[4 * check(i) + 1];
    }

    /**
     * @param i entry
     * @return x of the right edge in image pixels
     */
    public final float right(int i) {
        return boxes[4 * check(i) + 2];
    }

    /**
     * @param i entry
     * @return y of the bottom edge in image pixels
     */
    public final float bottom(int i) {
        return boxes[4 * check(i) + 3];
    }

    /**
     * @param i entry
     * @return {@code right - left}
     */
    public final float width(int i) {
        return right(i) - left(i);
    }

    /**
     * @param i entry
     * @return {@code bottom - top}
     */
    public final float height(int i) {
        return bottom(i) - top(i);
    }

    /**
     * @param i entry
     * @return its score
     */
    public final float score(int i) {
        return scores[check(i)];
    }

    /**
     * @param i entry
     * @return its class id
     */
    public final int classId(int i) {
        return classes[check(i)];
    }

    /**
     * @param i entry
     * @return its class name
     */
    public final String label(int i) {
        return labels[check(i)];
    }

    /**
     * Intersection over union of entry {@code i}'s box with another (continuous coordinates).
     *
     * @param i entry
     * @param l other left
     * @param t other top
     * @param r other right
     * @param b other bottom
     * @return 0 (disjoint) to 1 (identical)
     */
    public final float iou(int i, float l, float t, float r, float b) {
        check(i);
        return BoxMath.iou(boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3], l, t, r, b);
    }

    /** Empties the columns, keeping their arrays. */
    public void clear() {
        Arrays.fill(labels, 0, size, null);
        size = 0;
    }

    /** Appends one entry (growing the arrays when full) and returns its index; subclasses fill their own columns. */
    final int append(float l, float t, float r, float b, float score, int classId, String label) {
        if (size == scores.length) {
            grow(2 * size);
        }
        int i = size++;
        boxes[4 * i] = l;
        boxes[4 * i + 1] = t;
        boxes[4 * i + 2] = r;
        boxes[4 * i + 3] = b;
        scores[i] = score;
        classes[i] = classId;
        labels[i] = label;
        return i;
    }

    /** Grows every column to {@code capacity} entries; subclasses grow theirs too. */
    void grow(int capacity) {
        boxes = Arrays.copyOf(boxes, 4 * capacity);
        scores = Arrays.copyOf(scores, capacity);
        classes = Arrays.copyOf(classes, capacity);
        labels = Arrays.copyOf(labels, capacity);
    }

    final int capacity() {
        return scores.length;
    }

    final int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("entry " + i + " of " + size);
        }
        return i;
    }
}
