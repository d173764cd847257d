package io.edgecv.train.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Image files: which names are pictures, their size from the header alone (no pixels decoded), and the pictures
 * under a folder.
 *
 * <p>Thread-safety: stateless.
 */
final class ImageFiles {
    /** File name extensions taken as pictures (lower case): what Java's ImageIO decodes. */
    static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

    private ImageFiles() {
    }

    static boolean isImage(Path p) {
        return EXTENSIONS.contains(extension(p));
    }

    static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static String baseName(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? n : n.substring(0, dot);
    }

    /**
     * @param folder a folder
     * @return every picture under it (recursively), sorted by path
     * @throws LabelException if the folder cannot be listed
     */
    static List<Path> under(Path folder) throws LabelException {
        return filesUnder(folder, ImageFiles::isImage);
    }

    static List<Path> filesUnder(Path folder, java.util.function.Predicate<Path> keep) throws LabelException {
        if (!Files.isDirectory(folder)) {
            throw new LabelException(folder, "", "", "is not a folder; pass the folder that holds the images");
        }
        try (Stream<Path> s = Files.walk(folder)) {
            List<Path> out = new ArrayList<>();
            s.filter(Files::isRegularFile).filter(keep).map(p -> p.toAbsolutePath().normalize()).sorted()
                    .forEach(out::add);
            return out;
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new LabelException(folder, "", "", "cannot be listed: " + e.getMessage(), e);
        }
    }

    /**
     * @param image the picture
     * @param labelFile the label file that names it (for the message)
     * @param where where in the label file it is named
     * @return {@code {width, height}} from the header
     * @throws LabelException if the picture is missing or not readable
     */
    static int[] size(Path image, Path labelFile, String where) throws LabelException {
        if (!Files.isRegularFile(image)) {
            throw new LabelException(labelFile, where, image.toString(), "the image does not exist; put the image "
                    + "there or remove its labels");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(image.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new LabelException(labelFile, where, image.toString(), "the image is not a picture Java can "
                        + "read (PNG, JPEG, BMP, GIF); convert it or remove its labels");
            }
            ImageReader r = readers.next();
            try {
                r.setInput(in, true, true);
                return new int[] {r.getWidth(0), r.getHeight(0)};
            } finally {
                r.dispose();
            }
        } catch (IOException e) {
            throw new LabelException(labelFile, where, image.toString(), "the image's header cannot be read ("
                    + e.getMessage() + "); copy the image again or remove its labels", e);
        }
    }
}
