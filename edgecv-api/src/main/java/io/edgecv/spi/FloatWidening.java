package io.edgecv.spi;

import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * Turns a tensor of another element type into the float32 values {@link OutputTensors#output} hands to decoders:
 * 8-bit quantized values are dequantized with the tensor's scale and zero point
 * ({@code real = scale * (q - zeroPoint)}), float16 is widened, integers are converted. Backends call it after
 * each run to fill a float buffer they reuse from run to run ({@link #reuse}), so nothing is allocated at steady
 * state. Absolute indexing only: the source's position and limit are left untouched.
 *
 * <p>Thread-safety: stateless; a call must not race with other writes to the same buffers.
 */
public final class FloatWidening {
    private FloatWidening() {
    }

    /**
     * Returns a heap float buffer of at least {@code n} elements, with position 0 and limit {@code n}: the given
     * one when it is a heap buffer large enough, otherwise a new one (the buffer grows only when a larger output
     * arrives). The result is backed by an accessible array ({@link FloatBuffer#array()}, offset 0).
     *
     * @param reused the buffer of the previous run, or null the first time
     * @param n element count needed
     * @return {@code reused} or its replacement, ready to be filled from index 0
     */
    public static FloatBuffer reuse(FloatBuffer reused, int n) {
        FloatBuffer b = reused;
        if (b == null || b.isDirect() || b.isReadOnly() || !b.hasArray() || b.arrayOffset() != 0
                || b.capacity() < n) {
            b = FloatBuffer.allocate(n);
        }
        b.clear().limit(n);
        return b;
    }

    /**
     * Converts {@code n} elements of a tensor that is not quantized (or whose quantization the caller ignores).
     *
     * @param type source element type, not {@link ElementType#OTHER}
     * @param src the tensor's bytes in native order, element 0 at index 0
     * @param n element count
     * @param dst receives {@code n} floats from index 0
     * @throws IllegalArgumentException if {@code type} is {@link ElementType#OTHER}
     */
    public static void widen(ElementType type, ByteBuffer src, int n, FloatBuffer dst) {
        widen(type, src, n, 0f, 0, dst);
    }

    /**
     * Converts {@code n} elements of a tensor, dequantizing 8-bit values.
     *
     * @param type source element type, not {@link ElementType#OTHER}
     * @param src the tensor's bytes in native order, element 0 at index 0
     * @param n element count
     * @param scale quantization scale of a uint8/int8 tensor; 0 copies 8-bit values as plain numbers
     * @param zeroPoint quantization zero point
     * @param dst receives {@code n} floats from index 0
     * @throws IllegalArgumentException if {@code type} is {@link ElementType#OTHER}
     */
    public static void widen(ElementType type, ByteBuffer src, int n, float scale, int zeroPoint, FloatBuffer dst) {
        switch (type) {
            case UINT8:
                if (scale == 0f) {
                    for (int i = 0; i < n; i++) {
                        dst.put(i, src.get(i) & 0xFF);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        dst.put(i, scale * ((src.get(i) & 0xFF) - zeroPoint));
                    }
                }
                return;
            case INT8:
                if (scale == 0f) {
                    for (int i = 0; i < n; i++) {
                        dst.put(i, src.get(i));
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        dst.put(i, scale * (src.get(i) - zeroPoint));
                    }
                }
                return;
            case FLOAT16:
                for (int i = 0; i < n; i++) {
                    dst.put(i, Float16.toFloat(src.getShort(i << 1)));
                }
                return;
            case INT32:
                for (int i = 0; i < n; i++) {
                    dst.put(i, src.getInt(i << 2));
                }
                return;
            case INT64:
                for (int i = 0; i < n; i++) {
                    dst.put(i, src.getLong(i << 3));
                }
                return;
            case FLOAT32:
                for (int i = 0; i < n; i++) {
                    dst.put(i, src.getFloat(i << 2));
                }
                return;
            default:
                throw new IllegalArgumentException("cannot convert " + type + " to float");
        }
    }
}
