package io.edgecv.train.data;

import io.edgecv.model.Labels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Maps a label set's class names onto a detector's label list (a model's labels, such as the SSD's Open Images
 * names, where index 0 is the background {@code ???}), so that a box's class index is the model's class index.
 * A name matches the model label spelled the same, else the one label equal to it ignoring case; an alias maps a
 * data set name onto a label spelled differently ({@code motorbike} onto {@code Motorcycle}). Names the model
 * lacks are refused, all at once, unless explicitly dropped: boxes of a dropped class are left out.
 *
 * <p>Thread-safety: immutable.
 */
public final class ClassMapping {
    private final List<String> modelLabels;
    /** Per data set class: the model class index, or -1 for a dropped class. */
    private final int[] toModel;

    private ClassMapping(List<String> modelLabels, int[] toModel) {
        this.modelLabels = modelLabels;
        this.toModel = toModel;
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the model's labels */
    public List<String> modelLabels() {
        return modelLabels;
    }

    /**
     * @param datasetClass a class index of the label set
     * @return the model's class index, or -1 if the class is dropped
     */
    public int modelClass(int datasetClass) {
        return toModel[datasetClass];
    }

    /**
     * @param image an image labelled with the label set's class indices
     * @return the same image, its boxes carrying the model's class indices and names; dropped classes left out
     */
    public LabelledImage apply(LabelledImage image) {
        List<Box> out = new ArrayList<>(image.boxes().size());
        for (Box b : image.boxes()) {
            if (b.classIndex() >= toModel.length) {
                throw new IllegalArgumentException("box class " + b.classIndex() + " (" + b.className() + ") of "
                        + image.image() + " is not a class of the label set this mapping was built for");
            }
            int m = toModel[b.classIndex()];
            if (m >= 0) {
                out.add(b.withClass(m, modelLabels.get(m)));
            }
        }
        return image.withBoxes(out);
    }

    /**
     * @param set the label set this mapping was built for
     * @return the set with the model's labels as class names and every image mapped by {@link #apply(LabelledImage)}
     */
    public LabelSet apply(LabelSet set) {
        List<LabelledImage> images = new ArrayList<>(set.images().size());
        for (LabelledImage i : set.images()) {
            images.add(apply(i));
        }
        return new LabelSet(set.format(), set.source(), modelLabels, images);
    }

    @Override
    public String toString() {
        return "ClassMapping" + Arrays.toString(toModel);
    }

    /**
     * Builds a {@link ClassMapping}. {@link #setModelLabels} is required.
     *
     * <p>Thread-safety: not thread-safe.
     */
    public static final class Builder {
        private List<String> modelLabels;
        private final Map<String, String> aliases = new LinkedHashMap<>();
        private final Set<String> dropped = new LinkedHashSet<>();

        private Builder() {
        }

        /**
         * @param labels the model's labels, index {@code i} naming class {@code i} (for example
         *               {@code io.edgecv.model.Labels.read(file)})
         * @return this
         */
        public Builder setModelLabels(List<String> labels) {
            if (labels == null || labels.isEmpty()) {
                throw new IllegalArgumentException("the model labels must name at least one class, got " + labels);
            }
            this.modelLabels = List.copyOf(labels);
            return this;
        }

        /**
         * @param datasetName a class name of the label set
         * @param modelLabel the model label it means
         * @return this
         */
        public Builder optAlias(String datasetName, String modelLabel) {
            Objects.requireNonNull(datasetName, "datasetName");
            Objects.requireNonNull(modelLabel, "modelLabel");
            aliases.put(datasetName, modelLabel);
            return this;
        }

        /**
         * @param datasetName a class name of the label set whose boxes are left out (the model has no such class)
         * @return this
         */
        public Builder optDrop(String datasetName) {
            dropped.add(Objects.requireNonNull(datasetName, "datasetName"));
            return this;
        }

        /**
         * @param set the label set whose class names are mapped
         * @return the mapping
         * @throws LabelException if a class name (not dropped) has no model label, naming every such name, the
         *                        source of the labels and the model's labels
         * @throws IllegalStateException if no model labels were set
         */
        public ClassMapping build(LabelSet set) throws LabelException {
            if (modelLabels == null) {
                throw new IllegalStateException("setModelLabels(labels) is required");
            }
            List<String> names = set.classNames();
            int[] toModel = new int[names.size()];
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                String n = names.get(i);
                if (dropped.contains(n)) {
                    toModel[i] = -1;
                    continue;
                }
                String target = aliases.getOrDefault(n, n);
                toModel[i] = Labels.indexOf(modelLabels, target);
                if (toModel[i] < 0) {
                    missing.add(n.equals(target) ? n : n + " (alias " + target + ")");
                }
            }
            if (!missing.isEmpty()) {
                throw new LabelException(set.source(), "class names", String.join(", ", missing), "the model's "
                        + modelLabels.size() + " labels " + modelLabels + " have no such class; map each onto a "
                        + "model label with optAlias(name, label) or leave its boxes out with optDrop(name)");
            }
            return new ClassMapping(modelLabels, toModel);
        }
    }
}
