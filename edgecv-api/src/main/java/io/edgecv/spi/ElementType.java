package io.edgecv.spi;

/**
 * Element type of a model tensor, as the backends report it.
 *
 * <p>Thread-safety: immutable.
 */
public enum ElementType {
    /** 32-bit IEEE float. */
    FLOAT32(4),
    /** 16-bit IEEE float. */
    FLOAT16(2),
    /** Unsigned 8-bit integer (quantized tensors carry a scale and zero point). */
    UINT8(1),
    /** Signed 8-bit integer (quantized tensors carry a scale and zero point). */
    INT8(1),
    /** Signed 32-bit integer. */
    INT32(4),
    /** Signed 64-bit integer. */
    INT64(8),
    /** Any other type: a detector cannot feed or decode it. */
    OTHER(0);

    private final int bytes;

    ElementType(int bytes) {
        this.bytes = bytes;
    }

    /** @return bytes one element takes (0 for {@link #OTHER}) */
    public int bytes() {
        return bytes;
    }
}
