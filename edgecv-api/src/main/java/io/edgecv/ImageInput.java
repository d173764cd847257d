package io.edgecv;

import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An 8-bit colour image to run a detector on: a view of pixels that already sit in memory, never a copy, except
 * where a {@link BufferedImage} has an unusual layout (16-bit, indexed, non-sRGB), which is converted once.
 *
 * <p>Make one with {@link #of(BufferedImage)}, {@link #read(Path)} or, for camera frames,
 * {@link #ofPacked(byte[], int, int, PixelFormat)}. The detector reads the pixels during
 * {@link Detector#detect}; do not change them while a detection runs.
 *
 * <p>The low-level accessors ({@link #bytes()}, {@link #ints()}, offsets and strides) are for preprocessors and
 * backend authors: an image is backed either by bytes (a pixel is {@link #pixelStride()} bytes with its red, green
 * and blue bytes at the channel offsets) or by packed ints (one int a pixel, the channel offsets being bit
 * shifts).
 *
 * <p>Thread-safety: immutable view; safe to share if the underlying pixels are not modified.
 */
public final class ImageInput {
    /** Largest width or height accepted: larger images are refused before any memory is spent on them. */
    public static final int MAX_SIDE = 16_384;

    private final int width;
    private final int height;
    private final byte[] bytes;
    private final int[] ints;
    private final int offset;
    private final int rowStride;
    private final int pixelStride;
    private final int red;
    private final int green;
    private final int blue;

    private ImageInput(int width, int height, byte[] bytes, int[] ints, int offset, int rowStride,
                       int pixelStride, int red, int green, int blue) {
        this.width = width;
        this.height = height;
        this.bytes = bytes;
        this.ints = ints;
        this.offset = offset;
        this.rowStride = rowStride;
        this.pixelStride = pixelStride;
        this.red = red;
        this.green = green;
        this.blue = blue;
    }

    /**
     * Wraps tightly packed camera bytes (rows follow each other with no padding).
     *
     * @param data the pixels, at least {@code width * height * format.bytesPerPixel()} bytes
     * @param width pixels a row, 1 to {@link #MAX_SIDE}
     * @param height rows, 1 to {@link #MAX_SIDE}
     * @param format how the bytes of a pixel are laid out
     * @return a view of {@code data}
     * @throws InvalidImageException if a size is out of range or {@code data} is too short
     */
    public static ImageInput ofPacked(byte[] data, int width, int height, PixelFormat format) {
        Objects.requireNonNull(format, "format");
        return ofPacked(data, 0, width, height, (long) width * format.bytesPerPixel(), format);
    }

    /**
     * Wraps packed camera bytes whose rows may be padded (V4L2, Android and most camera APIs pad rows).
     *
     * @param data the pixels
     * @param offset index in {@code data} of the first byte of the first row
     * @param width pixels a row, 1 to {@link #MAX_SIDE}
     * @param height rows, 1 to {@link #MAX_SIDE}
     * @param rowStride bytes from the start of one row to the start of the next, at least
     *                  {@code width * format.bytesPerPixel()}
     * @param format how the bytes of a pixel are laid out
     * @return a view of {@code data}
     * @throws InvalidImageException if a size is out of range or {@code data} is too short for the declared frame
     */
    public static ImageInput ofPacked(byte[] data, int offset, int width, int height, long rowStride,
                                      PixelFormat format) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(format, "format");
        checkSize(width, height);
        int bpp = format.bytesPerPixel();
        if (rowStride < (long) width * bpp) {
            throw new InvalidImageException("rowStride " + rowStride + " is smaller than width x bytes per pixel = "
                    + width + " x " + bpp + " = " + (long) width * bpp + " for " + format
                    + "; pass the stride your camera reports, in bytes");
        }
        if (offset < 0) {
            throw new InvalidImageException("offset " + offset + " is negative");
        }
        long needed = offset + rowStride * (height - 1) + (long) width * bpp;
        if (needed > data.length) {
            throw new InvalidImageException("packed " + format + " frame of " + width + "x" + height
                    + " (row stride " + rowStride + ", offset " + offset + ") needs " + needed
                    + " bytes but the array holds " + data.length
                    + "; check width, height, stride and pixel format against what the camera delivers");
        }
        return new ImageInput(width, height, data, null, offset, (int) rowStride, bpp,
                format.redOffset(), format.greenOffset(), format.blueOffset());
    }

    /**
     * Wraps a {@link BufferedImage}. The common layouts ({@code TYPE_3BYTE_BGR}, {@code TYPE_4BYTE_ABGR},
     * {@code TYPE_INT_RGB}, {@code TYPE_INT_ARGB}, {@code TYPE_INT_BGR}, {@code TYPE_BYTE_GRAY} and sub-images of
     * them) are read in place; any other layout is converted once to {@code TYPE_3BYTE_BGR}.
     *
     * @param image the picture
     * @return a view of the picture's pixels
     * @throws InvalidImageException if a side is larger than {@link #MAX_SIDE}
     */
    public static ImageInput of(BufferedImage image) {
        Objects.requireNonNull(image, "image");
        checkSize(image.getWidth(), image.getHeight());
        ImageInput direct = wrapInPlace(image);
        if (direct != null) {
            return direct;
        }
        BufferedImage bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = bgr.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return Objects.requireNonNull(wrapInPlace(bgr), "TYPE_3BYTE_BGR must wrap in place");
    }

    /**
     * Reads a picture file (PNG, JPEG, BMP, GIF: whatever {@link ImageIO} reads). The declared size is checked
     * before the pixels are decoded, so a 20000x20000 file is refused without spending 1.6 GB on it. A file the
     * decoder warns about (a JPEG cut short, missing its end marker, or with corrupt data) is refused rather than
     * detected on half a picture.
     *
     * @param file the picture
     * @return the decoded image
     * @throws InvalidImageException if the file is not a picture ImageIO can read, is damaged or truncated, or is
     *                               too large; the message names the file
     * @throws IOException if the file cannot be read
     */
    public static ImageInput read(Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString(), null, "no such image file");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new InvalidImageException(file + " is not a picture Java can read (PNG, JPEG, BMP, GIF); "
                        + "convert it or decode it yourself and pass a BufferedImage");
            }
            ImageReader reader = readers.next();
            List<String> warnings = new ArrayList<>();
            try {
                reader.setInput(in, true, true);
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                try {
                    checkSize(reader.getWidth(0), reader.getHeight(0));
                } catch (InvalidImageException e) {
                    throw new InvalidImageException(file + ": " + e.getMessage(), e);
                }
                BufferedImage image = reader.read(0);
                if (!warnings.isEmpty()) {
                    throw new InvalidImageException(file + " is damaged or truncated (" + reader.getFormatName()
                            + " decoder: " + String.join("; ", warnings) + "); copy it again or re-save it");
                }
                return of(image);
            } catch (IOException | RuntimeException e) {
                if (e instanceof InvalidImageException) {
                    throw e;
                }
                throw new InvalidImageException(file + " could not be decoded as " + reader.getFormatName()
                        + ": " + e.getMessage(), e);
            } finally {
                reader.dispose();
            }
        }
    }

    private static void checkSize(long width, long height) {
        if (width <= 0 || height <= 0) {
            throw new InvalidImageException("image is " + width + "x" + height
                    + ": width and height must both be at least 1 pixel");
        }
        if (width > MAX_SIDE || height > MAX_SIDE) {
            throw new InvalidImageException("image is " + width + "x" + height + ", larger than the " + MAX_SIDE
                    + " pixels a side EdgeCV accepts; downscale it first (detectors run at a few hundred pixels)"
                    + " or cut it into tiles");
        }
    }

    private static ImageInput wrapInPlace(BufferedImage image) {
        Raster raster = image.getRaster();
        DataBuffer buffer = raster.getDataBuffer();
        ColorSpace cs = image.getColorModel().getColorSpace();
        int tx = -raster.getSampleModelTranslateX();
        int ty = -raster.getSampleModelTranslateY();
        if (buffer instanceof DataBufferByte && buffer.getNumBanks() == 1
                && raster.getSampleModel() instanceof ComponentSampleModel) {
            ComponentSampleModel sm = (ComponentSampleModel) raster.getSampleModel();
            int[] bands = sm.getBandOffsets();
            int base = buffer.getOffset() + ty * sm.getScanlineStride() + tx * sm.getPixelStride();
            byte[] data = ((DataBufferByte) buffer).getData();
            if (sm.getNumBands() == 1 && cs.getType() == ColorSpace.TYPE_GRAY
                    && image.getColorModel().getComponentSize(0) == 8) {
                return new ImageInput(image.getWidth(), image.getHeight(), data, null, base, sm.getScanlineStride(),
                        sm.getPixelStride(), bands[0], bands[0], bands[0]);
            }
            if (sm.getNumBands() >= 3 && cs.isCS_sRGB() && !image.isAlphaPremultiplied()) {
                return new ImageInput(image.getWidth(), image.getHeight(), data, null, base, sm.getScanlineStride(),
                        sm.getPixelStride(), bands[0], bands[1], bands[2]);
            }
            return null;
        }
        if (buffer instanceof DataBufferInt && buffer.getNumBanks() == 1
                && raster.getSampleModel() instanceof SinglePixelPackedSampleModel
                && image.getColorModel() instanceof DirectColorModel && cs.isCS_sRGB()
                && !image.isAlphaPremultiplied()) {
            SinglePixelPackedSampleModel sm = (SinglePixelPackedSampleModel) raster.getSampleModel();
            DirectColorModel cm = (DirectColorModel) image.getColorModel();
            if (!isByteMask(cm.getRedMask()) || !isByteMask(cm.getGreenMask()) || !isByteMask(cm.getBlueMask())) {
                return null;
            }
            int base = buffer.getOffset() + ty * sm.getScanlineStride() + tx;
            return new ImageInput(image.getWidth(), image.getHeight(), null, ((DataBufferInt) buffer).getData(),
                    base, sm.getScanlineStride(), 1, Integer.numberOfTrailingZeros(cm.getRedMask()),
                    Integer.numberOfTrailingZeros(cm.getGreenMask()), Integer.numberOfTrailingZeros(cm.getBlueMask()));
        }
        return null;
    }

    private static boolean isByteMask(int mask) {
        return mask != 0 && Integer.bitCount(mask) == 8 && (mask >>> Integer.numberOfTrailingZeros(mask)) == 0xFF;
    }

    /** @return width in pixels */
    public int width() {
        return width;
    }

    /** @return height in pixels */
    public int height() {
        return height;
    }

    /** @return the pixel bytes, or {@code null} when the image is backed by packed ints */
    public byte[] bytes() {
        return bytes;
    }

    /** @return the packed int pixels, or {@code null} when the image is backed by bytes */
    public int[] ints() {
        return ints;
    }

    /** @return index in the backing array of the top-left pixel */
    public int offset() {
        return offset;
    }

    /** @return array elements from one row to the next */
    public int rowStride() {
        return rowStride;
    }

    /** @return array elements from one pixel to the next (1 for int-backed images) */
    public int pixelStride() {
        return pixelStride;
    }

    /** @return byte offset of red within a pixel, or its bit shift for int-backed images */
    public int redOffset() {
        return red;
    }

    /** @return byte offset of green within a pixel, or its bit shift for int-backed images */
    public int greenOffset() {
        return green;
    }

    /** @return byte offset of blue within a pixel, or its bit shift for int-backed images */
    public int blueOffset() {
        return blue;
    }

    @Override
    public String toString() {
        return "ImageInput[" + width + "x" + height + (bytes != null ? ", bytes" : ", ints") + "]";
    }
}
