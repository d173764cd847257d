package io.edgecv.train.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training images: every picture under a folder (JPEG, PNG, BMP, GIF, recursively, sorted by path), with
 * hard labels for those a {@link LabelSet} labels, split into training and validation images by a seeded hash
 * of the file name. A file's side depends only on its name and the seed, so the split stays put when files are
 * added or removed (two files of the same name in different folders fall on the same side).
 *
 * <pre>{@code
 * ImageDataset data = ImageDataset.builder()
 *         .setImages(Path.of("frames"))
 *         .optLabels(LabelReaders.detect(Path.of("frames")).read())   // optional hard labels
 *         .optValidationFraction(0.2)
 *         .optSeed(7)
 *         .build();
 * for (DatasetImage image : data.train()) { image.loadInto(sample); ... }
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public final class ImageDataset {
    private static final Logger LOG = LoggerFactory.getLogger(ImageDataset.class);

    private final Path folder;
    private final List<String> classNames;
    private final List<DatasetImage> train;
    private final List<DatasetImage> validation;

    private ImageDataset(Path folder, List<String> classNames, List<DatasetImage> train,
                         List<DatasetImage> validation) {
        this.folder = folder;
        this.classNames = classNames;
        this.train = train;
        this.validation = validation;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the image folder */
    public Path folder() {
        return folder;
    }

    /** @return the class names of the labels (empty without labels) */
    public List<String> classNames() {
        return classNames;
    }

    /** @return the training images, sorted by path */
    public List<DatasetImage> train() {
        return train;
    }

    /** @return the validation images, sorted by path */
    public List<DatasetImage> validation() {
        return validation;
    }

    @Override
    public String toString() {
        return "ImageDataset[" + folder + ", " + train.size() + " train, " + validation.size() + " validation]";
    }

    /**
     * Builds an {@link ImageDataset}. {@link #setImages} is required.
     *
     * <p>Thread-safety: not thread-safe.
     */
    public static final class Builder {
        private Path folder;
        private LabelSet labels;
        private double validationFraction = 0.2;
        private long seed;

        private Builder() {
        }

        /** @param images the folder of pictures (searched recursively) @return this */
        public Builder setImages(Path images) {
            this.folder = Objects.requireNonNull(images, "images").toAbsolutePath().normalize();
            return this;
        }

        /**
         * @param set hard labels for some or all of the pictures (every labelled image must lie under the folder)
         * @return this
         */
        public Builder optLabels(LabelSet set) {
            this.labels = Objects.requireNonNull(set, "set");
            return this;
        }

        /** @param fraction share of images for validation, 0 to 1 (default 0.2) @return this */
        public Builder optValidationFraction(double fraction) {
            if (!(fraction >= 0 && fraction < 1)) {
                throw new IllegalArgumentException("validation fraction must be 0 or more and below 1, got "
                        + fraction);
            }
            this.validationFraction = fraction;
            return this;
        }

        /** @param value the split's seed (default 0); another seed, another split @return this */
        public Builder optSeed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * @return the data set
         * @throws LabelException if the folder holds no picture, or a labelled image lies outside it
         * @throws IllegalStateException if no folder was set
         */
        public ImageDataset build() throws LabelException {
            if (folder == null) {
                throw new IllegalStateException("setImages(folder) is required");
            }
            List<Path> files = ImageFiles.under(folder);
            if (files.isEmpty()) {
                throw new LabelException(folder, "", "", "holds no picture (" + ImageFiles.EXTENSIONS + "); pass "
                        + "the folder of training images");
            }
            Map<Path, LabelledImage> byPath = new HashMap<>();
            if (labels != null) {
                for (LabelledImage li : labels.images()) {
                    byPath.put(li.image(), li);
                }
                List<Path> outside = new ArrayList<>();
                for (Path p : byPath.keySet()) {
                    if (!p.startsWith(folder)) {
                        outside.add(p);
                    }
                }
                if (!outside.isEmpty()) {
                    outside.sort(null);
                    throw new LabelException(labels.source(), "", outside.get(0).toString(), outside.size()
                            + " labelled images lie outside the image folder " + folder + "; pass the folder that "
                            + "holds them all, or labels for this folder");
                }
            }
            List<DatasetImage> train = new ArrayList<>();
            List<DatasetImage> validation = new ArrayList<>();
            for (Path f : files) {
                DatasetImage image = new DatasetImage(f, byPath.get(f));
                if (SplitHash.unit(image.name(), seed) < validationFraction) {
                    validation.add(image);
                } else {
                    train.add(image);
                }
            }
            if (validationFraction > 0 && validation.isEmpty()) {
                LOG.warn("{}: none of the {} images fell in the validation split ({}); add images or change the "
                        + "seed", folder, files.size(), validationFraction);
            }
            return new ImageDataset(folder, labels == null ? List.of() : labels.classNames(), List.copyOf(train),
                    List.copyOf(validation));
        }
    }
}
