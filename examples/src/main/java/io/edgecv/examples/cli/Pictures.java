package io.edgecv.examples.cli;

import io.edgecv.ImageInput;
import io.edgecv.InvalidImageException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;

/**
 * Photos in and out of the command line: read through {@link ImageInput#read} (its size limit checked from the
 * header, damaged and truncated files refused), written in the format the file's extension names. Every error
 * names the file.
 *
 * <p>Thread-safety: stateless.
 */
final class Pictures {
    private Pictures() {
    }

    /**
     * @param file a photo
     * @return its pixels
     * @throws CliException (exit code 1) naming the file if it is missing, unreadable, not a picture, damaged or
     *                      too large
     */
    static ImageInput read(Path file) {
        try {
            return ImageInput.read(file);
        } catch (NoSuchFileException e) {
            throw CliException.failure("no such image: " + file, e);
        } catch (AccessDeniedException e) {
            throw CliException.failure("cannot read image " + file + ": permission denied", e);
        } catch (InvalidImageException e) {
            String m = e.getMessage();
            throw CliException.failure(m.contains(file.toString()) ? m : file + ": " + m, e);
        } catch (IOException e) {
            throw CliException.failure("cannot read image " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param out where an image will be written
     * @return the ImageIO format name its extension names
     * @throws CliException (exit code 2) if the extension names no format Java can write
     */
    static String writableFormat(Path out) {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        Iterator<ImageWriter> writers = ext.isEmpty() ? null : ImageIO.getImageWritersBySuffix(ext);
        if (writers == null || !writers.hasNext()) {
            throw CliException.usage("--out " + out + ": cannot write " + (ext.isEmpty() ? "a file without an"
                    + " extension" : "'." + ext + "' images") + "; name a .png, .jpg, .bmp or .gif file");
        }
        ImageWriter w = writers.next();
        try {
            return w.getOriginatingProvider().getFormatNames()[0];
        } finally {
            w.dispose();
        }
    }

    /**
     * Writes an image in the format its extension names (checked first with {@link #writableFormat}).
     *
     * @throws CliException (exit code 1) naming the file if it cannot be written
     */
    static void write(BufferedImage image, Path out) {
        String format = writableFormat(out);
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.deleteIfExists(out); // ImageIO writes into an existing file without truncating it first
            if (!ImageIO.write(image, format, out.toFile())) {
                throw CliException.failure("cannot write " + out + ": no " + format + " writer took the image", null);
            }
        } catch (IOException e) {
            throw CliException.failure("cannot write " + out + ": " + e.getMessage(), e);
        }
    }

    /** @return the pixels of an {@link ImageInput} as an RGB image to draw on */
    static BufferedImage toImage(ImageInput in) {
        BufferedImage img = new BufferedImage(in.width(), in.height(), BufferedImage.TYPE_INT_RGB);
        int[] row = new int[in.width()];
        for (int y = 0; y < in.height(); y++) {
            for (int x = 0; x < in.width(); x++) {
                row[x] = rgb(in, x, y);
            }
            img.setRGB(0, y, in.width(), 1, row, 0, in.width());
        }
        return img;
    }

    private static int rgb(ImageInput in, int x, int y) {
        int p = in.offset() + y * in.rowStride() + x * in.pixelStride();
        if (in.bytes() != null) {
            byte[] b = in.bytes();
            return (b[p + in.redOffset()] & 0xFF) << 16 | (b[p + in.greenOffset()] & 0xFF) << 8
                    | b[p + in.blueOffset()] & 0xFF;
        }
        int v = in.ints()[p];
        return (v >>> in.redOffset() & 0xFF) << 16 | (v >>> in.greenOffset() & 0xFF) << 8
                | v >>> in.blueOffset() & 0xFF;
    }
}
