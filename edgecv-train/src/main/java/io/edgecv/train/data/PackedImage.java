package io.edgecv.train.data;

import io.edgecv.ImageInput;
import io.edgecv.PixelFormat;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A mutable, tightly packed 8-bit {@link PixelFormat#RGB} or {@link PixelFormat#BGR} image whose byte array is
 * reused: {@link #resize} grows it only when a larger image arrives, so a training loop that augments images of
 * similar sizes stops allocating after the first few. {@link #asInput()} gives the {@link ImageInput} view that
 * EdgeCV's preprocessors and detectors read.
 *
 * <p>Thread-safety: not thread-safe; one per thread.
 */
public final class PackedImage {
    private final PixelFormat format;
    private byte[] data;
    private int width;
    private int height;

    /**
     * @param width width in pixels, 1 or more
     * @param height height in pixels, 1 or more
     * @param format {@link PixelFormat#RGB} or {@link PixelFormat#BGR}
     */
    public PackedImage(int width, int height, PixelFormat format) {
        Objects.requireNonNull(format, "format");
        if (format != PixelFormat.RGB && format != PixelFormat.BGR) {
            throw new IllegalArgumentException("a packed training image is RGB or BGR (3 bytes a pixel), got "
                    + format);
        }
        this.format = format;
        this.data = new byte[0];
        resize(width, height);
    }

    /**
     * Reads a picture file into a new RGB image.
     *
     * @param file the picture
     * @return its pixels
     * @throws IOException if it cannot be read
     * @throws io.edgecv.InvalidImageException if it is not a readable picture
     */
    public static PackedImage read(Path file) throws IOException {
        ImageInput in = ImageInput.read(file);
        PackedImage p = new PackedImage(in.width(), in.height(), PixelFormat.RGB);
        p.copyFrom(in);
        return p;
    }

    /**
     * Sets the size; the pixels are then undefined. The array is replaced only when it is too small.
     *
     * @param newWidth width, 1 to {@link ImageInput#MAX_SIDE}
     * @param newHeight height, 1 to {@link ImageInput#MAX_SIDE}
     */
    public void resize(int newWidth, int newHeight) {
        if (newWidth < 1 || newHeight < 1 || newWidth > ImageInput.MAX_SIDE || newHeight > ImageInput.MAX_SIDE) {
            throw new IllegalArgumentException("image size " + newWidth + "x" + newHeight + " is out of range: "
                    + "each side must be 1 to " + ImageInput.MAX_SIDE);
        }
        int needed = newWidth * newHeight * 3;
        if (data.length < needed) {
            data = new byte[needed];
        }
        this.width = newWidth;
        this.height = newHeight;
    }

    /**
     * Copies any {@link ImageInput} (bytes or ints, any channel layout, padded rows) into this image, converting
     * it to this image's format and taking its size.
     *
     * @param in the source
     */
    public void copyFrom(ImageInput in) {
        resize(in.width(), in.height());
        int r = format == PixelFormat.RGB ? 0 : 2;
        int b = 2 - r;
        int o = 0;
        for (int y = 0; y < height; y++) {
            int row = in.offset() + y * in.rowStride();
            if (in.bytes() != null) {
                byte[] s = in.bytes();
                int ps = in.pixelStride();
                for (int x = 0, i = row; x < width; x++, i += ps, o += 3) {
                    data[o + r] = s[i + in.redOffset()];
                    data[o + 1] = s[i + in.greenOffset()];
                    data[o + b] = s[i + in.blueOffset()];
                }
            } else {
                int[] s = in.ints();
                for (int x = 0, i = row; x < width; x++, i++, o += 3) {
                    int p = s[i];
                    data[o + r] = (byte) (p >>> in.redOffset());
                    data[o + 1] = (byte) (p >>> in.greenOffset());
                    data[o + b] = (byte) (p >>> in.blueOffset());
                }
            }
        }
    }

    /**
     * @param other the source, of the same format
     */
    public void copyFrom(PackedImage other) {
        if (other.format != format) {
            throw new IllegalArgumentException("cannot copy a " + other.format + " image into a " + format
                    + " one; use copyFrom(other.asInput()) to convert");
        }
        resize(other.width, other.height);
        System.arraycopy(other.data, 0, data, 0, width * height * 3);
    }

    /** @return a view of the pixels for preprocessors and detectors (valid until the next resize) */
    public ImageInput asInput() {
        return ImageInput.ofPacked(data, 0, width, height, (long) width * 3, format);
    }

    /**
     * @return a new {@code TYPE_3BYTE_BGR} picture holding a copy of the pixels (for code that works on
     *         {@link BufferedImage}s; {@link ImageInput#of(BufferedImage)} reads it back in place)
     */
    public BufferedImage toBufferedImage() {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] d = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        int n = width * height * 3;
        if (format == PixelFormat.BGR) {
            System.arraycopy(data, 0, d, 0, n);
        } else {
            for (int i = 0; i < n; i += 3) {
                d[i] = data[i + 2];
                d[i + 1] = data[i + 1];
                d[i + 2] = data[i];
            }
        }
        return out;
    }

    /** @return the backing array; pixel {@code (x, y)} starts at {@code (y * width + x) * 3}; may be longer */
    public byte[] data() {
        return data;
    }

    /** @return the width in pixels */
    public int width() {
        return width;
    }

    /** @return the height in pixels */
    public int height() {
        return height;
    }

    /** @return {@link PixelFormat#RGB} or {@link PixelFormat#BGR} */
    public PixelFormat format() {
        return format;
    }

    /**
     * @param x column
     * @param y row
     * @param channel 0 red, 1 green, 2 blue (whatever the byte order)
     * @return the value, 0..255
     */
    public int get(int x, int y, int channel) {
        return data[index(x, y, channel)] & 0xFF;
    }

    /**
     * @param x column
     * @param y row
     * @param channel 0 red, 1 green, 2 blue (whatever the byte order)
     * @param value 0..255
     */
    public void set(int x, int y, int channel, int value) {
        data[index(x, y, channel)] = (byte) value;
    }

    private int index(int x, int y, int channel) {
        if (x < 0 || y < 0 || x >= width || y >= height || channel < 0 || channel > 2) {
            throw new IndexOutOfBoundsException("pixel (" + x + ", " + y + ") channel " + channel + " of a "
                    + width + "x" + height + " image");
        }
        int c = format == PixelFormat.RGB || channel == 1 ? channel : 2 - channel;
        return (y * width + x) * 3 + c;
    }

    @Override
    public String toString() {
        return "PackedImage[" + width + "x" + height + " " + format + "]";
    }
}
