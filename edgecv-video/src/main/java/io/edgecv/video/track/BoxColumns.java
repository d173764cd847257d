package io.edgecv.video.track;

import io.edgecv.nms.Candidates;
import java.util.Arrays;

/**
 * Boxes with a score and a class, stored as parallel primitive arrays (struct of arrays) that are kept and grown,
 * so that filling one frame after another allocates nothing once the arrays are large enough: what
 * {@link DetectionBuffer} and {@link TrackBuffer} share. Box, score and class columns are the decoders' own
 * {@link Candidates} list; labels (references to the model's names, not copies) are kept alongside. Entries are
 * read by index, {@code 0 <= i < size()}; an index out of that range throws {@link IndexOutOfBoundsException}.
 *
 * <p>Thread-safety: not thread-safe.
 */
abstract class BoxColumns {
    private final Candidates columns;
    private String[] labels;

    BoxColumns(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity + " must be at least 1");
        }
        columns = new Candidates(capacity);
        labels = new String[capacity];
    }

    /** @return how many entries there are */
    public final int size() {
        return columns.size();
    }

    /** @return true if there are none */
    public final boolean isEmpty() {
        return columns.size() == 0;
    }

    /**
     * @param i entry
     * @return x of the left edge in image pixels
     */
    public final float left(int i) {
        return columns.boxes()[4 * check(i)];
    }

    /**
     * @param i entry
     * @return y of the top edge in image pixels
     */
    public final float top(int i) {
        return columns.boxes()[4 * check(i) + 1];
    }

    /**
     * @param i entry
     * @return x of the right edge in image pixels
     */
    public final float right(int i) {
        return columns.boxes()[4 * check(i) + 2];
    }

    /**
     * @param i entry
     * @return y of the bottom edge in image pixels
     */
    public final float bottom(int i) {
        return columns.boxes()[4 * check(i) + 3];
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
        return columns.scores()[check(i)];
    }

    /**
     * @param i entry
     * @return its class id
     */
    public final int classId(int i) {
        return columns.classes()[check(i)];
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
        float[] x = columns.boxes();
        int k = 4 * check(i);
        return BoxMath.iou(x[k], x[k + 1], x[k + 2], x[k + 3], l, t, r, b);
    }

    /** Empties the columns, keeping their arrays. */
    public void clear() {
        Arrays.fill(labels, 0, columns.size(), null);
        columns.clear();
    }

    /** Appends one entry (growing the arrays when full) and returns its index; subclasses fill their own columns. */
    final int append(float l, float t, float r, float b, float score, int classId, String label) {
        int i = columns.add(l, t, r, b, score, classId);
        if (i == labels.length) {
            grow(2 * i);
        }
        labels[i] = label;
        return i;
    }

    /** Grows the columns kept here to {@code capacity} entries; subclasses grow theirs too. */
    void grow(int capacity) {
        labels = Arrays.copyOf(labels, capacity);
    }

    final int check(int i) {
        if (i < 0 || i >= columns.size()) {
            throw new IndexOutOfBoundsException("entry " + i + " of " + columns.size());
        }
        return i;
    }
}
