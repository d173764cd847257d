package io.edgecv.quantize;

import io.edgecv.preprocess.Preprocessing;
import io.edgecv.spi.SettingChecks;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link Quantizer} should do: the mode, the INT8 scheme, the calibration and what to leave alone.
 *
 * <pre>{@code
 * QuantizationConfig config = QuantizationConfig.builder()
 *         .optMode(QuantizationMode.STATIC_INT8)
 *         .optCalibrationMethod(CalibrationMethod.ENTROPY)
 *         .optCalibrationImages(photos)          // fed through the model's own preprocessing
 *         .build();
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public final class QuantizationConfig {
    /**
     * Operators kept in float32 by {@link QuantizationMode#FP16} unless the block list is replaced: ops whose
     * inputs must be float32 (Resize scales, NonMaxSuppression boxes), that index or count (TopK, Range, CumSum,
     * RoiAlign) or that overflow float16 easily (Exp, Log, Pow, Softplus, ReduceProd, ReduceLogSumExp,
     * ReduceSumSquare).
     */
    public static final Set<String> DEFAULT_FP16_BLOCK_LIST = Set.of("Resize", "Upsample", "NonMaxSuppression",
            "TopK", "RoiAlign", "Range", "CumSum", "Exp", "Log", "Pow", "Softplus", "ReduceProd",
            "ReduceLogSumExp", "ReduceSumSquare", "RandomNormal", "RandomUniform", "RandomNormalLike",
            "RandomUniformLike", "Multinomial", "EyeLike");

    /** Default percentile for {@link CalibrationMethod#PERCENTILE}. */
    public static final double DEFAULT_PERCENTILE = 99.999;
    /** Default of {@link Builder#optMinAgreement}: below it the quantized model is clearly broken. */
    public static final double DEFAULT_MIN_AGREEMENT = 0.5;
    /** Agreement below which a written static INT8 model comes with a warning in its report and log. */
    public static final double WARN_AGREEMENT = 0.9;

    private final QuantizationMode mode;
    private final ActivationType activationType;
    private final boolean perChannel;
    private final CalibrationMethod calibrationMethod;
    private final double percentile;
    private final Set<String> excludedNodes;
    private final Set<String> excludedOpTypes;
    private final Set<String> fp16BlockList;
    private final boolean keepIoFloat32;
    private final List<Path> calibrationImages;
    private final Preprocessing preprocessing;
    private final int threads;
    private final double minAgreement;

    private QuantizationConfig(Builder b) {
        this.mode = b.mode;
        this.activationType = b.activationType;
        this.perChannel = b.perChannel;
        this.calibrationMethod = b.calibrationMethod;
        this.percentile = b.percentile;
        this.excludedNodes = Set.copyOf(b.excludedNodes);
        this.excludedOpTypes = Set.copyOf(b.excludedOpTypes);
        this.fp16BlockList = Set.copyOf(b.fp16BlockList);
        this.keepIoFloat32 = b.keepIoFloat32;
        this.calibrationImages = List.copyOf(b.calibrationImages);
        this.preprocessing = b.preprocessing;
        this.threads = b.threads;
        this.minAgreement = b.minAgreement;
    }

    /** @return a builder with the defaults: static INT8, uint8 activations, per-channel weights, Entropy */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder holding this configuration */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.mode = mode;
        b.activationType = activationType;
        b.perChannel = perChannel;
        b.calibrationMethod = calibrationMethod;
        b.percentile = percentile;
        b.excludedNodes.addAll(excludedNodes);
        b.excludedOpTypes.addAll(excludedOpTypes);
        b.fp16BlockList.clear();
        b.fp16BlockList.addAll(fp16BlockList);
        b.keepIoFloat32 = keepIoFloat32;
        b.calibrationImages = calibrationImages;
        b.preprocessing = preprocessing;
        b.threads = threads;
        b.minAgreement = minAgreement;
        return b;
    }

    /** @return what the model is turned into */
    public QuantizationMode mode() {
        return mode;
    }

    /** @return how INT8 activations are stored */
    public ActivationType activationType() {
        return activationType;
    }

    /** @return whether weights get one scale per output channel (else one per tensor) */
    public boolean perChannel() {
        return perChannel;
    }

    /** @return how activation ranges are chosen (static INT8) */
    public CalibrationMethod calibrationMethod() {
        return calibrationMethod;
    }

    /** @return the percentile for {@link CalibrationMethod#PERCENTILE}, in (50, 100] */
    public double percentile() {
        return percentile;
    }

    /** @return names of nodes left in float */
    public Set<String> excludedNodes() {
        return excludedNodes;
    }

    /** @return operator types (such as {@code Add}) left in float */
    public Set<String> excludedOpTypes() {
        return excludedOpTypes;
    }

    /** @return operator types kept in float32 by {@link QuantizationMode#FP16} */
    public Set<String> fp16BlockList() {
        return fp16BlockList;
    }

    /**
     * @return whether an FP16 model keeps float32 inputs and outputs (Cast nodes at the borders); INT8 models in
     *         QDQ form always do
     */
    public boolean keepIoFloat32() {
        return keepIoFloat32;
    }

    /** @return the calibration photos, fed through the model's preprocessing (static INT8) */
    public List<Path> calibrationImages() {
        return calibrationImages;
    }

    /** @return preprocessing that replaces the one found from the model's description, if set */
    public Optional<Preprocessing> preprocessing() {
        return Optional.ofNullable(preprocessing);
    }

    /** @return intra-op threads of the runtime during calibration; 0 lets it choose */
    public int threads() {
        return threads;
    }

    /**
     * @return the lowest agreement (mAP@0.5 of the quantized detections against the float32 model's, on the
     *         calibration photos) at which a static INT8 model is written; 0 writes it whatever it measures
     */
    public double minAgreement() {
        return minAgreement;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("QuantizationConfig[").append(mode);
        if (mode != QuantizationMode.FP16) {
            sb.append(", weights int8 ").append(perChannel ? "per-channel" : "per-tensor");
        }
        if (mode == QuantizationMode.STATIC_INT8) {
            sb.append(", activations ").append(activationType).append(", calibration ").append(calibrationMethod);
            if (calibrationMethod == CalibrationMethod.PERCENTILE) {
                sb.append(' ').append(percentile);
            }
            sb.append(" on ").append(calibrationImages.size()).append(" images");
        }
        if (mode == QuantizationMode.FP16) {
            sb.append(keepIoFloat32 ? ", float32 IO" : ", float16 IO");
        }
        if (!excludedNodes.isEmpty()) {
            sb.append(", excluded nodes ").append(excludedNodes);
        }
        if (!excludedOpTypes.isEmpty()) {
            sb.append(", excluded ops ").append(excludedOpTypes);
        }
        return sb.append(']').toString();
    }

    /**
     * Builds a {@link QuantizationConfig}; every setting is optional.
     *
     * <p>Thread-safety: not thread-safe; build on one thread.
     */
    public static final class Builder {
        private QuantizationMode mode = QuantizationMode.STATIC_INT8;
        private ActivationType activationType = ActivationType.UINT8_ASYMMETRIC;
        private boolean perChannel = true;
        private CalibrationMethod calibrationMethod = CalibrationMethod.ENTROPY;
        private double percentile = DEFAULT_PERCENTILE;
        private final Set<String> excludedNodes = new LinkedHashSet<>();
        private final Set<String> excludedOpTypes = new LinkedHashSet<>();
        private final Set<String> fp16BlockList = new LinkedHashSet<>(DEFAULT_FP16_BLOCK_LIST);
        private boolean keepIoFloat32 = true;
        private List<Path> calibrationImages = List.of();
        private Preprocessing preprocessing;
        private int threads;
        private double minAgreement = DEFAULT_MIN_AGREEMENT;

        private Builder() {
        }

        /**
         * @param mode what to turn the model into (default {@link QuantizationMode#STATIC_INT8})
         * @return this
         */
        public Builder optMode(QuantizationMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * @param type how activations are stored (default {@link ActivationType#UINT8_ASYMMETRIC})
         * @return this
         */
        public Builder optActivationType(ActivationType type) {
            this.activationType = Objects.requireNonNull(type, "type");
            return this;
        }

        /**
         * @param perChannel one weight scale per output channel (default true) or one per tensor
         * @return this
         */
        public Builder optPerChannel(boolean perChannel) {
            this.perChannel = perChannel;
            return this;
        }

        /**
         * @param method how activation ranges are chosen (default {@link CalibrationMethod#ENTROPY}: it measured
         *               best on every fixture detector; MinMax lets the few outliers of BlazeFace's depthwise
         *               outputs stretch the 8-bit steps until faces are lost)
         * @return this
         */
        public Builder optCalibrationMethod(CalibrationMethod method) {
            this.calibrationMethod = Objects.requireNonNull(method, "method");
            return this;
        }

        /**
         * Chooses {@link CalibrationMethod#PERCENTILE} with this percentile.
         *
         * @param percentile in (50, 100], for example 99.99
         * @return this
         * @throws IllegalArgumentException if out of range
         */
        public Builder optPercentile(double percentile) {
            if (!(percentile > 50.0 && percentile <= 100.0)) {
                throw new IllegalArgumentException("percentile must be in (50, 100], got " + percentile
                        + "; typical values are 99.9 to 99.999");
            }
            this.percentile = percentile;
            this.calibrationMethod = CalibrationMethod.PERCENTILE;
            return this;
        }

        /**
         * @param nodeNames names of nodes to leave in float (as in the model file), added to those already set
         * @return this
         */
        public Builder optExcludeNodes(String... nodeNames) {
            SettingChecks.addAll(excludedNodes, "node name", nodeNames);
            return this;
        }

        /**
         * @param opTypes operator types to leave in float, such as {@code Add} or {@code Concat}
         * @return this
         */
        public Builder optExcludeOpTypes(String... opTypes) {
            SettingChecks.addAll(excludedOpTypes, "op type", opTypes);
            return this;
        }

        /**
         * Replaces the operator types that {@link QuantizationMode#FP16} keeps in float32 (default
         * {@link QuantizationConfig#DEFAULT_FP16_BLOCK_LIST}).
         *
         * @param opTypes the new block list
         * @return this
         */
        public Builder optFp16BlockList(Set<String> opTypes) {
            fp16BlockList.clear();
            SettingChecks.addAll(fp16BlockList, "op type", opTypes);
            return this;
        }

        /**
         * @param keep whether an FP16 model keeps float32 inputs and outputs (default true); INT8 models in QDQ
         *             form always keep them
         * @return this
         */
        public Builder optKeepIoFloat32(boolean keep) {
            this.keepIoFloat32 = keep;
            return this;
        }

        /**
         * @param images photos like those the model will see (8 to a few hundred), fed through the model's own
         *               preprocessing; required for {@link QuantizationMode#STATIC_INT8}
         * @return this
         */
        public Builder optCalibrationImages(List<Path> images) {
            this.calibrationImages = SettingChecks.copyOf(images, "calibration image");
            return this;
        }

        /**
         * @param spec preprocessing for the calibration images, replacing the one found from the model's
         *             description (needed for models EdgeCV does not recognise)
         * @return this
         */
        public Builder optPreprocessing(Preprocessing spec) {
            this.preprocessing = Objects.requireNonNull(spec, "spec");
            return this;
        }

        /**
         * @param threads intra-op threads for calibration runs; 0 (default) lets the runtime choose
         * @return this
         */
        public Builder optThreads(int threads) {
            this.threads = SettingChecks.threads(threads);
            return this;
        }

        /**
         * After writing a static INT8 model, the quantizer runs it and the float32 model as detectors over the
         * calibration photos and scores the quantized detections against the float32 ones (mAP@0.5, see
         * {@link DetectionAgreement}). Below this floor it refuses: nothing is written and a
         * {@link QuantizationRefusedException} says what was measured. Below {@link #WARN_AGREEMENT} it warns.
         *
         * @param floor in [0, 1]; default {@value #DEFAULT_MIN_AGREEMENT}; 0 writes the model whatever it measures
         * @return this
         */
        public Builder optMinAgreement(double floor) {
            if (!(floor >= 0 && floor <= 1)) {
                throw new IllegalArgumentException("agreement floor must be in [0, 1] (mAP@0.5 against float32),"
                        + " got " + floor);
            }
            this.minAgreement = floor;
            return this;
        }

        /**
         * @return the configuration
         * @throws IllegalArgumentException if float16 inputs/outputs are asked for an INT8 mode
         */
        public QuantizationConfig build() {
            if (!keepIoFloat32 && mode != QuantizationMode.FP16) {
                throw new IllegalArgumentException("optKeepIoFloat32(false) applies to " + QuantizationMode.FP16
                        + " only; " + mode.name().toLowerCase(Locale.ROOT)
                        + " models keep float32 inputs and outputs");
            }
            return new QuantizationConfig(this);
        }
    }
}
