package io.edgecv.train.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One image of an {@link ImageDataset}: the file, its name (the split key), and its hard labels when the data set
 * has them for it.
 *
 * <p>Thread-safety: immutable.
 */
public final class DatasetImage {
    private final Path file;
    private final LabelledImage labels;

    DatasetImage(Path file, LabelledImage labels) {
        this.file = Objects.requireNonNull(file, "file");
        this.labels = labels;
    }

    /** @return the image file (absolute, normalised) */
    public Path file() {
        return file;
    }

    /** @return the file name, the key of the train/validation split */
    public String name() {
        return file.getFileName().toString();
    }

    /** @return its hard labels, or empty when it has none (the teacher's predictions are then the targets) */
    public Optional<LabelledImage> labels() {
        return Optional.ofNullable(labels);
    }

    /**
     * Reads the picture into the sample, with its boxes when it has labels (none otherwise).
     *
     * @param sample the reused sample
     * @throws IOException if the picture cannot be read
     */
    public void loadInto(TrainingSample sample) throws IOException {
        if (labels != null) {
            sample.load(labels);
        } else {
            sample.load(file);
        }
    }

    @Override
    public String toString() {
        return "DatasetImage[" + file + (labels == null ? "" : ", " + labels.boxes().size() + " boxes") + "]";
    }
}
