package io.edgecv.prune;

import io.edgecv.preprocess.Preprocessing;
import io.edgecv.spi.SettingChecks;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link Pruner} should do.
 *
 * <pre>{@code
 * PruningConfig config = PruningConfig.builder()
 *         .optRatio(0.3)                          // remove 30% of the prunable channels
 *         .optImportance(Importance.ACTIVATION)   // rank them on calibration activations
 *         .optCalibrationImages(frames)           // fed through the model's own preprocessing
 *         .optEvaluationImages(otherPhotos)       // agreement with the unpruned model, in the report
 *         .build();
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public final class PruningConfig {
    /** The largest fraction of one group's channels that {@link RatioScope#GLOBAL} removes. */
    public static final double MAX_GROUP_RATIO = 0.5;
    /** Default number of calibration images of the sensitivity pass. */
    public static final int DEFAULT_SENSITIVITY_IMAGES = 8;
    /** Default ridge penalty of the refit, relative to the mean diagonal of the activations' Gram matrix. */
    public static final double DEFAULT_RIDGE = 1e-3;

    private final PruningMode mode;
    private final double ratio;
    private final RatioScope scope;
    private final Map<String, Double> groupRatios;
    private final Importance importance;
    private final int steps;
    private final int roundTo;
    private final boolean keepHeads;
    private final Set<String> excludedNodes;
    private final boolean recovery;
    private final double ridge;
    private final int samplesPerImage;
    private final int sensitivityImages;
    private final List<Path> calibrationImages;
    private final List<Path> evaluationImages;
    private final Preprocessing preprocessing;
    private final int threads;

    private PruningConfig(Builder b) {
        this.mode = b.mode;
        this.ratio = b.ratio;
        this.scope = b.scope;
        this.groupRatios = Map.copyOf(b.groupRatios);
        this.importance = b.importance;
        this.steps = b.steps;
        this.roundTo = b.roundTo;
        this.keepHeads = b.keepHeads;
        this.excludedNodes = Set.copyOf(b.excludedNodes);
        this.recovery = b.recovery;
        this.ridge = b.ridge;
        this.samplesPerImage = b.samplesPerImage;
        this.sensitivityImages = b.sensitivityImages;
        this.calibrationImages = List.copyOf(b.calibrationImages);
        this.evaluationImages = List.copyOf(b.evaluationImages);
        this.preprocessing = b.preprocessing;
        this.threads = b.threads;
    }

    /**
     * @return a builder with the defaults: structured, 30% global, L1, channel counts rounded to multiples of 8,
     *         heads whole, recovery on
     */
    public static Builder builder() {
        return new Builder();
    }

    /** @return what pruning removes */
    public PruningMode mode() {
        return mode;
    }

    /**
     * @return the fraction removed, 0 to 0.9: of the weights (unstructured); of the prunable groups' channels
     *         (structured), or of their MACs for a global {@link Importance#ACTIVATION} ranking
     */
    public double ratio() {
        return ratio;
    }

    /** @return how the ratio is spread over the groups */
    public RatioScope scope() {
        return scope;
    }

    /** @return ratios for single groups, by the name of a producing node; they override the scope */
    public Map<String, Double> groupRatios() {
        return groupRatios;
    }

    /** @return how channels are ranked */
    public Importance importance() {
        return importance;
    }

    /** @return in how many steps the ratio is reached, each ranking and refitting on the previous step's model */
    public int steps() {
        return steps;
    }

    /**
     * @return every group keeps a multiple of this many channels (1: no rounding); ONNX Runtime's blocked
     *         convolution kernels run odd channel counts so slowly that a model with 1.5x fewer MACs measured
     *         slower than the original at rounding 1
     */
    public int roundTo() {
        return roundTo;
    }

    /** @return whether output heads (convolutions feeding the model's outputs) keep their output channels */
    public boolean keepHeads() {
        return keepHeads;
    }

    /** @return names of nodes whose output channels are never pruned */
    public Set<String> excludedNodes() {
        return excludedNodes;
    }

    /** @return whether consumers are refitted by ridge least squares on the calibration photos */
    public boolean recovery() {
        return recovery;
    }

    /** @return the ridge penalty of the refit, relative to the mean diagonal of the Gram matrix */
    public double ridge() {
        return ridge;
    }

    /** @return spatial positions sampled per image and layer for statistics and refits */
    public int samplesPerImage() {
        return samplesPerImage;
    }

    /**
     * @return calibration images the sensitivity pass runs through the whole model per group (0: no pass); used by
     *         {@link Importance#ACTIVATION} with {@link RatioScope#GLOBAL}
     */
    public int sensitivityImages() {
        return sensitivityImages;
    }

    /** @return the calibration photos or frames, fed through the model's preprocessing */
    public List<Path> calibrationImages() {
        return calibrationImages;
    }

    /** @return photos (not the calibration ones) on which the report measures agreement with the unpruned model */
    public List<Path> evaluationImages() {
        return evaluationImages;
    }

    /** @return preprocessing that replaces the one found from the model's description, if set */
    public Optional<Preprocessing> preprocessing() {
        return Optional.ofNullable(preprocessing);
    }

    /** @return intra-op threads of the runtime during calibration; 0 lets it choose */
    public int threads() {
        return threads;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("PruningConfig[").append(mode);
        sb.append(String.format(Locale.ROOT, ", ratio %.2f", ratio));
        if (mode == PruningMode.STRUCTURED) {
            sb.append(' ').append(scope).append(", importance ").append(importance);
            if (!groupRatios.isEmpty()) {
                sb.append(", group ratios ").append(groupRatios);
            }
            if (steps > 1) {
                sb.append(", ").append(steps).append(" steps");
            }
            if (roundTo > 1) {
                sb.append(", channels rounded to multiples of ").append(roundTo);
            }
            sb.append(keepHeads ? ", heads whole" : ", heads prunable");
            if (importance == Importance.ACTIVATION && scope == RatioScope.GLOBAL) {
                sb.append(", sensitivity on ").append(sensitivityImages).append(" images");
            }
            sb.append(recovery ? ", ridge refit " + ridge : ", no refit");
        }
        if (!excludedNodes.isEmpty()) {
            sb.append(", excluded ").append(excludedNodes);
        }
        sb.append(", ").append(calibrationImages.size()).append(" calibration images");
        return sb.append(']').toString();
    }

    /**
     * Builds a {@link PruningConfig}; every setting is optional.
     *
     * <p>Thread-safety: not thread-safe; build on one thread.
     */
    public static final class Builder {
        private PruningMode mode = PruningMode.STRUCTURED;
        private double ratio = 0.3;
        private RatioScope scope = RatioScope.GLOBAL;
        private final Map<String, Double> groupRatios = new LinkedHashMap<>();
        private Importance importance = Importance.L1;
        private int steps = 1;
        private int roundTo = 8;
        private boolean keepHeads = true;
        private final Set<String> excludedNodes = new LinkedHashSet<>();
        private boolean recovery = true;
        private double ridge = DEFAULT_RIDGE;
        private int samplesPerImage = 256;
        private int sensitivityImages = DEFAULT_SENSITIVITY_IMAGES;
        private List<Path> calibrationImages = List.of();
        private List<Path> evaluationImages = List.of();
        private Preprocessing preprocessing;
        private int threads;

        private Builder() {
        }

        /**
         * @param mode what to remove (default {@link PruningMode#STRUCTURED})
         * @return this
         */
        public Builder optMode(PruningMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * @param ratio fraction to remove, in [0, 0.9] (default 0.3): of the weights (unstructured), of the
         *              prunable groups' channels (structured), or of their MACs (structured, global, activation
         *              importance); 0 writes the model unchanged; ignored by 2:4 sparsity
         * @return this
         */
        public Builder optRatio(double ratio) {
            this.ratio = checkRatio(ratio, "ratio");
            return this;
        }

        /**
         * @param scope how the ratio is spread over the groups (default {@link RatioScope#GLOBAL})
         * @return this
         */
        public Builder optScope(RatioScope scope) {
            this.scope = Objects.requireNonNull(scope, "scope");
            return this;
        }

        /**
         * @param producerNode the name of a node producing a group's channels
         * @param ratio that group's ratio, in [0, 0.9], overriding the scope
         * @return this
         */
        public Builder optGroupRatio(String producerNode, double ratio) {
            groupRatios.put(Objects.requireNonNull(producerNode, "producerNode"), checkRatio(ratio, "group ratio"));
            return this;
        }

        /**
         * @param importance how channels are ranked (default {@link Importance#L1})
         * @return this
         */
        public Builder optImportance(Importance importance) {
            this.importance = Objects.requireNonNull(importance, "importance");
            return this;
        }

        /**
         * @param steps reach the ratio in this many steps, 1 to 10 (default 1)
         * @return this
         */
        public Builder optSteps(int steps) {
            if (steps < 1 || steps > 10) {
                throw new IllegalArgumentException("steps must be 1 to 10, got " + steps);
            }
            this.steps = steps;
            return this;
        }

        /**
         * @param multiple keep a multiple of this many channels per group, 1 to 64 (default 8, for the runtimes'
         *                 vectorised kernels; 1 turns rounding off)
         * @return this
         */
        public Builder optRoundTo(int multiple) {
            if (multiple < 1 || multiple > 64) {
                throw new IllegalArgumentException("round-to multiple must be 1 to 64, got " + multiple);
            }
            this.roundTo = multiple;
            return this;
        }

        /**
         * @param keep whether output heads keep their output channels (default true)
         * @return this
         */
        public Builder optKeepHeads(boolean keep) {
            this.keepHeads = keep;
            return this;
        }

        /**
         * @param nodeNames nodes whose output channels are never pruned, added to those already set
         * @return this
         */
        public Builder optExcludeNodes(String... nodeNames) {
            SettingChecks.addAll(excludedNodes, "node name", nodeNames);
            return this;
        }

        /**
         * @param recovery refit the consumers by ridge least squares on the calibration photos (default true)
         * @return this
         */
        public Builder optRecovery(boolean recovery) {
            this.recovery = recovery;
            return this;
        }

        /**
         * @param ridge the refit's ridge penalty relative to the mean Gram diagonal, in (0, 1] (default 1e-3)
         * @return this
         */
        public Builder optRidge(double ridge) {
            if (!(ridge > 0 && ridge <= 1)) {
                throw new IllegalArgumentException("ridge must be in (0, 1], got " + ridge);
            }
            this.ridge = ridge;
            return this;
        }

        /**
         * @param samples spatial positions sampled per image and layer, 16 to 65536 (default 256)
         * @return this
         */
        public Builder optSamplesPerImage(int samples) {
            if (samples < 16 || samples > 65536) {
                throw new IllegalArgumentException("samples per image must be 16 to 65536, got " + samples);
            }
            this.samplesPerImage = samples;
            return this;
        }

        /**
         * @param images calibration images (evenly spaced over them) on which the sensitivity pass measures, for
         *               each group pruned alone, how much the model's final outputs change, so that the global
         *               {@link Importance#ACTIVATION} ranking weighs every group's removals in that one unit; 0 to
         *               1000 (default 8, about one model run per image and group); 0 ranks by the errors at each
         *               group's own consumers
         * @return this
         */
        public Builder optSensitivityImages(int images) {
            if (images < 0 || images > 1000) {
                throw new IllegalArgumentException("sensitivity images must be 0 to 1000, got " + images);
            }
            this.sensitivityImages = images;
            return this;
        }

        /**
         * @param images photos or video frames like those the model will see (a few hundred help the refit),
         *               fed through the model's own preprocessing; needed for {@link Importance#ACTIVATION} and
         *               for recovery
         * @return this
         */
        public Builder optCalibrationImages(List<Path> images) {
            this.calibrationImages = SettingChecks.copyOf(images, "calibration image");
            return this;
        }

        /**
         * @param images photos not used for calibration, to measure the agreement with the unpruned model
         * @return this
         */
        public Builder optEvaluationImages(List<Path> images) {
            this.evaluationImages = SettingChecks.copyOf(images, "evaluation image");
            return this;
        }

        /**
         * @param spec preprocessing for the calibration images, replacing the one found from the model's
         *             description
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
         * @return the configuration
         * @throws IllegalArgumentException if calibration photos are also evaluation photos
         */
        public PruningConfig build() {
            for (Path p : evaluationImages) {
                if (calibrationImages.contains(p)) {
                    throw new IllegalArgumentException("evaluation image " + p + " is also a calibration image;"
                            + " evaluate on photos the refit has not seen");
                }
            }
            return new PruningConfig(this);
        }

        private static double checkRatio(double r, String what) {
            if (!(r >= 0 && r <= 0.9)) {
                throw new IllegalArgumentException(what + " must be in [0, 0.9], got " + r);
            }
            return r;
        }
    }
}
