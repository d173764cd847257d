package io.edgecv.train.data;

import io.edgecv.PixelFormat;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One image and its boxes (pixels) as augmentations change them: the image, the boxes, and a spare image buffer
 * for the transforms that cannot work in place (they draw into {@link #spare()} and {@link #swap()}). Reuse one
 * sample for every image a thread loads: {@link #load} refills its buffers.
 *
 * <p>Thread-safety: not thread-safe; one per thread.
 */
public final class TrainingSample {
    private PackedImage image;
    private PackedImage spare;
    private final BoxList boxes = new BoxList();

    /** @param format {@link PixelFormat#RGB} or {@link PixelFormat#BGR} */
    public TrainingSample(PixelFormat format) {
        this.image = new PackedImage(1, 1, format);
        this.spare = new PackedImage(1, 1, format);
    }

    /**
     * Reads the picture and takes its boxes.
     *
     * @param labelled the image file and its boxes in pixels
     * @throws IOException if the picture cannot be read
     */
    public void load(LabelledImage labelled) throws IOException {
        load(labelled.image());
        if (image.width() != labelled.width() || image.height() != labelled.height()) {
            throw new IllegalArgumentException(labelled.image() + " is " + image.width() + "x" + image.height()
                    + " but was labelled at " + labelled.width() + "x" + labelled.height()
                    + "; the file changed since its labels were read: read them again");
        }
        boxes.setAll(labelled.boxes());
    }

    /**
     * Reads the picture; no boxes.
     *
     * @param file the picture
     * @throws IOException if it cannot be read
     */
    public void load(Path file) throws IOException {
        image.copyFrom(io.edgecv.ImageInput.read(file));
        boxes.clear();
    }

    /** @return the image */
    public PackedImage image() {
        return image;
    }

    /** @return the spare buffer an out-of-place transform writes into before {@link #swap()} */
    public PackedImage spare() {
        return spare;
    }

    /** Makes the spare buffer the image, and the image the spare. */
    public void swap() {
        PackedImage t = image;
        image = spare;
        spare = t;
    }

    /** @return the boxes, in pixels of {@link #image()} */
    public BoxList boxes() {
        return boxes;
    }
}
