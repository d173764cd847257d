package io.edgecv.tensorrt;

import io.edgecv.spi.ElementType;

/**
 * TensorRT's {@code nvinfer1::DataType} as EdgeCV sees an input or output tensor of that type: its size on the
 * device, the element type a session reports, and whether the session converts it on the host. The ordinal values
 * are those of the C++ enum (and of {@code org.bytedeco.tensorrt.global.nvinfer.DataType.value}); kept here so that
 * this mapping is plain Java, testable without loading TensorRT. BF16 is reported as {@link ElementType#FLOAT16}
 * and BOOL as {@link ElementType#UINT8}, the nearest EdgeCV types; the session widens both to float32.
 *
 * <p>Thread-safety: immutable.
 */
enum TrtDataType {
    FLOAT(0, 4, ElementType.FLOAT32),
    HALF(1, 2, ElementType.FLOAT16),
    INT8(2, 1, ElementType.INT8),
    INT32(3, 4, ElementType.INT32),
    BOOL(4, 1, ElementType.UINT8),
    UINT8(5, 1, ElementType.UINT8),
    FP8(6, 1, ElementType.OTHER),
    BF16(7, 2, ElementType.FLOAT16),
    INT64(8, 8, ElementType.INT64),
    INT4(9, 0, ElementType.OTHER),
    FP4(10, 0, ElementType.OTHER),
    E8M0(11, 1, ElementType.OTHER);

    private final int value;
    private final int bytes;
    private final ElementType elementType;

    TrtDataType(int value, int bytes, ElementType elementType) {
        this.value = value;
        this.bytes = bytes;
        this.elementType = elementType;
    }

    /**
     * @param value a {@code nvinfer1::DataType} value
     * @return the constant, or null if unknown (a newer TensorRT)
     */
    static TrtDataType of(int value) {
        for (TrtDataType t : values()) {
            if (t.value == value) {
                return t;
            }
        }
        return null;
    }

    /** @return the C++ enum value */
    int value() {
        return value;
    }

    /** @return bytes per element on the device; 0 for sub-byte types */
    int bytes() {
        return bytes;
    }

    /** @return the type as TensorRT stores it, mapped to EdgeCV's ({@link ElementType#OTHER} if none fits) */
    ElementType elementType() {
        return elementType;
    }

    /** @return whether a session can exchange a tensor of this type with the host (converting where needed) */
    boolean supportedForIo() {
        return this != FP8 && this != INT4 && this != FP4 && this != E8M0;
    }

    /**
     * @return the element type of the host buffer an input of this type is filled through: float32 for FP16 and
     *         BF16 inputs (converted on the host before the copy), otherwise the type itself
     */
    ElementType hostInputType() {
        return this == HALF || this == BF16 ? ElementType.FLOAT32 : elementType;
    }

    /** @return whether the values arrive as float32 with no conversion */
    boolean isFloat32() {
        return this == FLOAT;
    }

    /** @return the name as in the C++ API, {@code kHALF} */
    String cppName() {
        return "k" + name();
    }
}
