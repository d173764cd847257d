package io.edgecv.video.track;

import java.util.Arrays;

/**
 * A growable list of ints (detection indices into a {@link DetectionBuffer}), kept between frames so that splitting
 * detections by score allocates nothing.
 *
 * <p>Thread-safety: not thread-safe; owned by one tracker.
 */
final class IntList {
    private int[] values = new int[32];
    private int size;

    void clear() {
        size = 0;
    }

    void add(int v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, 2 * size);
        }
        values[size++] = v;
    }

    int get(int i) {
        if (i >= size) {
            throw new IndexOutOfBoundsException("index " + i + " of " + size);
        }
        return values[i];
    }

    int size() {
        return size;
    }

    /** Makes this {@code 0, 1, ..., n - 1}. */
    void fillRange(int n) {
        clear();
        for (int i = 0; i < n; i++) {
            add(i);
        }
    }
}
