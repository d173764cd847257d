package io.edgecv.train.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link LabelReader} read: the class names (box class indices index this list) and the labelled images,
 * in a stable order (sorted by image path).
 *
 * <p>Thread-safety: immutable.
 *
 * @param format the format read
 * @param source the folder or file read
 * @param classNames the class names; {@link Box#classIndex()} indexes this list
 * @param images the labelled images
 */
public record LabelSet(LabelFormat format, Path source, List<String> classNames, List<LabelledImage> images) {
    /** Copies the lists. */
    public LabelSet {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(source, "source");
        classNames = List.copyOf(classNames);
        images = List.copyOf(images);
    }

    /** @return the number of boxes over all images */
    public int boxCount() {
        int n = 0;
        for (LabelledImage i : images) {
            n += i.boxes().size();
        }
        return n;
    }
}
