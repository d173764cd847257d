package io.edgecv.train.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An image file with its labelled boxes, in pixels of the image as stored (no EXIF rotation applied: Java's
 * decoders ignore it too). An image with no boxes is a labelled negative (nothing to find in it).
 *
 * <p>Thread-safety: immutable.
 *
 * @param image the image file (absolute, normalised)
 * @param width image width in pixels, read from the file's header
 * @param height image height in pixels, read from the file's header
 * @param boxes the boxes in pixels, inside {@code [0, width] x [0, height]}
 */
public record LabelledImage(Path image, int width, int height, List<Box> boxes) {
    /** Copies the box list and checks the sizes. */
    public LabelledImage {
        Objects.requireNonNull(image, "image");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image size " + width + "x" + height + " of " + image
                    + " must be at least 1x1");
        }
        boxes = List.copyOf(boxes);
    }

    /** @return the boxes with corners divided by the image width and height (0..1) */
    public List<Box> normalisedBoxes() {
        List<Box> out = new ArrayList<>(boxes.size());
        for (Box b : boxes) {
            out.add(new Box(b.x1() / width, b.y1() / height, b.x2() / width, b.y2() / height, b.classIndex(),
                    b.className()));
        }
        return List.copyOf(out);
    }

    /**
     * @param newBoxes the replacement boxes, in pixels
     * @return this image with other boxes
     */
    public LabelledImage withBoxes(List<Box> newBoxes) {
        return new LabelledImage(image, width, height, newBoxes);
    }
}
