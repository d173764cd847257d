package io.edgecv.decode.yolo;

import java.nio.FloatBuffer;

/**
 * Gives primitive-array access to runs of an output buffer: straight into the backing array of a heap buffer, or
 * through a bulk copy into a reused scratch array for a direct buffer (one memory copy that stays in cache, instead
 * of a bounds-checked call per element). After {@link #read}, the run is {@code array()[offset() .. offset() + n)}.
 *
 * <p>Thread-safety: not thread-safe.
 */
final class FloatRows {
    private float[] scratch = new float[0];
    private float[] array = scratch;
    private int offset;

    /**
     * @param buf the output, data from index 0
     * @param index first element of the run
     * @param length elements in the run
     */
    void read(FloatBuffer buf, int index, int length) {
        if (buf.hasArray()) {
            array = buf.array();
            offset = buf.arrayOffset() + index;
            return;
        }
        if (scratch.length < length) {
            scratch = new float[length];
        }
        buf.get(index, scratch, 0, length);
        array = scratch;
        offset = 0;
    }

    /**
     * Copies a run to the start of the scratch array, heap buffer or not: loops over it then index from 0, which
     * the JIT vectorises (a loop indexed from a variable offset it does not).
     *
     * @param buf the output, data from index 0
     * @param index first element of the run
     * @param length elements in the run
     * @return the scratch array, the run at {@code [0, length)}
     */
    float[] copy(FloatBuffer buf, int index, int length) {
        if (scratch.length < length) {
            scratch = new float[length];
        }
        buf.get(index, scratch, 0, length);
        return scratch;
    }

    /** @return the array holding the last run */
    float[] array() {
        return array;
    }

    /** @return where the last run starts in {@link #array()} */
    int offset() {
        return offset;
    }
}
