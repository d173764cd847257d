package io.edgecv.model;

import io.edgecv.nms.NmsKind;
import io.edgecv.preprocess.Preprocessing;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a detector needs to know about a model beyond its tensors: the family whose decoder reads its
 * outputs, the preprocessing it was trained with, its labels, how overlaps are merged and the default thresholds,
 * plus family-specific settings (anchor layout and the like) as string properties.
 *
 * <p>EdgeCV finds it by itself for the models it knows (see {@link ModelFamilies}); for others, write a
 * {@code <model>.edgecv.properties} file beside the model (see {@link DescriptionFile}).
 *
 * <p>Thread-safety: immutable.
 */
public final class ModelDescription {
    private final String family;
    private final Preprocessing preprocessing;
    private final List<String> labels;
    private final NmsKind nms;
    private final float iouThreshold;
    private final float confidence;
    private final Map<String, String> properties;

    private ModelDescription(Builder b) {
        this.family = b.family;
        this.preprocessing = b.preprocessing;
        this.labels = List.copyOf(b.labels);
        this.nms = b.nms;
        this.iouThreshold = b.iouThreshold;
        this.confidence = b.confidence;
        this.properties = Map.copyOf(b.properties);
    }

    /**
     * @param family the decoder family, such as {@code ssd}, {@code blazeface}, {@code yolov8}
     * @param preprocessing the input preprocessing
     * @return a builder; labels default to none, NMS to class-aware hard NMS at IoU 0.45, confidence 0.25
     */
    public static Builder builder(String family, Preprocessing preprocessing) {
        return new Builder(family, preprocessing);
    }

    /** @return a builder holding this description */
    public Builder toBuilder() {
        Builder b = new Builder(family, preprocessing);
        b.labels = labels;
        b.nms = nms;
        b.iouThreshold = iouThreshold;
        b.confidence = confidence;
        b.properties.putAll(properties);
        return b;
    }

    /** @return the decoder family */
    public String family() {
        return family;
    }

    /** @return the input preprocessing */
    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /** @return class names, index = class id; empty if unknown */
    public List<String> labels() {
        return labels;
    }

    /** @return how overlapping boxes are merged */
    public NmsKind nms() {
        return nms;
    }

    /** @return default IoU threshold of the NMS */
    public float iouThreshold() {
        return iouThreshold;
    }

    /** @return default score threshold */
    public float confidence() {
        return confidence;
    }

    /** @return family-specific settings */
    public Map<String, String> properties() {
        return properties;
    }

    @Override
    public String toString() {
        return "ModelDescription[" + family + ", " + preprocessing + ", " + labels.size() + " labels, " + nms
                + " iou " + iouThreshold + ", confidence " + confidence + ", " + properties + "]";
    }

    /**
     * Builds a {@link ModelDescription}.
     *
     * <p>Thread-safety: not thread-safe.
     */
    public static final class Builder {
        private String family;
        private Preprocessing preprocessing;
        private List<String> labels = List.of();
        private NmsKind nms = NmsKind.HARD_CLASS_AWARE;
        private float iouThreshold = 0.45f;
        private float confidence = 0.25f;
        private final Map<String, String> properties = new LinkedHashMap<>();

        private Builder(String family, Preprocessing preprocessing) {
            setFamily(family);
            setPreprocessing(preprocessing);
        }

        /** @param family decoder family @return this */
        public Builder setFamily(String family) {
            this.family = Objects.requireNonNull(family, "family");
            return this;
        }

        /** @param preprocessing input preprocessing @return this */
        public Builder setPreprocessing(Preprocessing preprocessing) {
            this.preprocessing = Objects.requireNonNull(preprocessing, "preprocessing");
            return this;
        }

        /** @param labels class names @return this */
        public Builder optLabels(List<String> labels) {
            this.labels = List.copyOf(labels);
            return this;
        }

        /** @param nms overlap merging @return this */
        public Builder optNms(NmsKind nms) {
            this.nms = Objects.requireNonNull(nms, "nms");
            return this;
        }

        /** @param iou IoU threshold in [0, 1] @return this */
        public Builder optIouThreshold(float iou) {
            this.iouThreshold = Thresholds.checkUnit("IoU threshold", iou);
            return this;
        }

        /** @param confidence score threshold in [0, 1] @return this */
        public Builder optConfidence(float confidence) {
            this.confidence = Thresholds.checkUnit("confidence threshold", confidence);
            return this;
        }

        /**
         * @param key family-specific setting
         * @param value its value
         * @return this
         */
        public Builder optProperty(String key, String value) {
            properties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** @return the description */
        public ModelDescription build() {
            return new ModelDescription(this);
        }
    }
}
