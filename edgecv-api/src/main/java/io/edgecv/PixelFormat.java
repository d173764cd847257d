package io.edgecv;

/**
 * Layout of packed 8-bit camera pixels handed to {@link ImageInput#ofPacked}: how many bytes a pixel takes and
 * where its red, green and blue bytes sit.
 *
 * <p>Thread-safety: immutable.
 */
public enum PixelFormat {
    /** 3 bytes a pixel: red, green, blue. */
    RGB(3, 0, 1, 2),
    /** 3 bytes a pixel: blue, green, red (OpenCV's default). */
    BGR(3, 2, 1, 0),
    /** 4 bytes a pixel: red, green, blue, alpha (alpha ignored). */
    RGBA(4, 0, 1, 2),
    /** 4 bytes a pixel: blue, green, red, alpha (alpha ignored; Android and V4L2 BGR32). */
    BGRA(4, 2, 1, 0),
    /** 4 bytes a pixel: alpha, blue, green, red (Java's {@code TYPE_4BYTE_ABGR}; alpha ignored). */
    ABGR(4, 3, 2, 1),
    /** 1 byte a pixel: luminance, copied to the three colour channels. */
    GRAY(1, 0, 0, 0);

    private final int bytesPerPixel;
    private final int redOffset;
    private final int greenOffset;
    private final int blueOffset;

    PixelFormat(int bytesPerPixel, int redOffset, int greenOffset, int blueOffset) {
        this.bytesPerPixel = bytesPerPixel;
        this.redOffset = redOffset;
        this.greenOffset = greenOffset;
        this.blueOffset = blueOffset;
    }

    /** @return bytes one pixel takes */
    public int bytesPerPixel() {
        return bytesPerPixel;
    }

    /** @return offset of the red byte within a pixel */
    public int redOffset() {
        return redOffset;
    }

    /** @return offset of the green byte within a pixel */
    public int greenOffset() {
        return greenOffset;
    }

    /** @return offset of the blue byte within a pixel */
    public int blueOffset() {
        return blueOffset;
    }
}
