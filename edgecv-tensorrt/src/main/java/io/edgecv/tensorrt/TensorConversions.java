package io.edgecv.tensorrt;

import io.edgecv.spi.ElementType;
import io.edgecv.spi.Float16;
import io.edgecv.spi.FloatWidening;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * Host-side conversions between the element types TensorRT tensors may have and the float32 EdgeCV's
 * preprocessing writes and decoders read. Absolute indexing only: no allocation, positions untouched.
 *
 * <p>Thread-safety: stateless.
 */
final class TensorConversions {
    private TensorConversions() {
    }

    /**
     * Writes float32 values as an FP16 or BF16 tensor.
     *
     * @param src {@code n} floats from index 0
     * @param dst native-order bytes receiving {@code n} 16-bit values from index 0
     * @param n element count
     * @param type {@link TrtDataType#HALF} or {@link TrtDataType#BF16}
     */
    static void narrow(FloatBuffer src, ByteBuffer dst, int n, TrtDataType type) {
        if (type == TrtDataType.HALF) {
            for (int i = 0; i < n; i++) {
                dst.putShort(i << 1, Float16.fromFloat(src.get(i)));
            }
        } else if (type == TrtDataType.BF16) {
            for (int i = 0; i < n; i++) {
                dst.putShort(i << 1, toBf16(src.get(i)));
            }
        } else {
            throw new IllegalArgumentException("cannot narrow float32 to " + type);
        }
    }

    /**
     * Reads a tensor of any supported type as float32: bfloat16 here, the others with {@link FloatWidening}.
     *
     * @param src native-order bytes of {@code n} elements from index 0
     * @param type the tensor's element type
     * @param dst receives {@code n} floats from index 0
     * @param n element count
     */
    static void widen(ByteBuffer src, TrtDataType type, FloatBuffer dst, int n) {
        if (type == TrtDataType.BF16) {
            for (int i = 0; i < n; i++) {
                dst.put(i, Float.intBitsToFloat((src.getShort(i << 1) & 0xFFFF) << 16));
            }
        } else if (type.elementType() != ElementType.OTHER) {
            FloatWidening.widen(type.elementType(), src, n, dst); // BOOL reads as UINT8
        } else {
            throw new IllegalArgumentException("cannot read " + type + " tensors as float");
        }
    }

    /**
     * @param f a float
     * @return the nearest bfloat16 (round to nearest even; NaN stays NaN), as 16 bits
     */
    static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7F800000) == 0x7F800000 && (bits & 0x007FFFFF) != 0) {
            return (short) ((bits >>> 16) | 0x0040); // quiet NaN, keep the sign
        }
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }
}
