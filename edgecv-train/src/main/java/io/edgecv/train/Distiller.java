package io.edgecv.train;

import io.edgecv.EdgeCvException;
import io.edgecv.train.data.Augmentation;
import io.edgecv.train.data.LabelSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Distils a detector into an ONNX student, or fine-tunes a pruned model with the unpruned one as teacher.
 *
 * <pre>{@code
 * TrainingReport report = Distiller.builder()
 *         .setTeacher(Path.of("ssd.tflite"))            // any model a Detector opens, on any backend
 *         .setStudent(Path.of("ssd-pruned.onnx"))       // an ONNX file of the same family and anchors
 *         .setImages(frames)                            // unlabelled photos or video frames
 *         .optEpochs(10)
 *         .optCheckpointDir(Path.of("ckpt"))            // resumes from here if a checkpoint is there
 *         .build()
 *         .train(Path.of("student.onnx"), listener);
 * }</pre>
 *
 * <p>Each step: the images are augmented (flips, scale and colour jitter of {@code io.edgecv.train.data} by
 * default), the frozen teacher runs on the augmented image and its raw outputs are the targets; the loss is
 * {@link DistillationLoss}: α·CE on the teacher's decisions (or on hard labels, {@link Builder#optLabels}) +
 * (1−α)·T²·KL on the class logits, sigmoid per class (SSD, BlazeFace; YOLO probabilities are turned back into
 * logits), anchors where teacher or student sees an object weighted up, smooth-L1 on the boxes where the teacher
 * is confident (or on the labelled boxes); optionally feature hints ({@link Builder#optFeatureWeight}). Gradients
 * of a batch are accumulated, clipped to global norm 1.0 and applied by AdamW on a cosine schedule
 * ({@link StudentOptimizer}). After every epoch the student's detections are scored against the teacher's on the
 * validation images (mAP@0.5, {@link io.edgecv.quantize.DetectionAgreement}) and the best student is kept; that
 * one is written.
 *
 * <p>Thread-safety: a {@code Distiller} is immutable; {@link #train} may run from several threads at once only
 * with different checkpoint directories and outputs (each run opens its own teacher and student).
 */
public final class Distiller {
    /** Leaves every image as it is. */
    public static final Augmentation NO_AUGMENTATION = (sample, random) -> {
    };
    /** The default weight of feature distillation ({@link Builder#optFeatureWeight}). */
    public static final float DEFAULT_FEATURE_WEIGHT = 0f;

    final Path teacher;
    final String teacherBackend;
    final Path student;
    final List<Path> images;
    final List<Path> validationImages;
    final double validationFraction;
    final int epochs;
    final int batchSize;
    final float learningRate;
    final float weightDecay;
    final DistillationLoss.Builder loss;
    final Pattern frozen;
    final Augmentation augmentation;
    final Path checkpointDir;
    final int threads;
    final long seed;
    final float featureWeight;
    final LabelSet labels;

    private Distiller(Builder b) {
        this.teacher = b.teacher;
        this.teacherBackend = b.teacherBackend;
        this.student = b.student;
        this.images = List.copyOf(b.images);
        this.validationImages = b.validationImages == null ? null : List.copyOf(b.validationImages);
        this.validationFraction = b.validationFraction;
        this.epochs = b.epochs;
        this.batchSize = b.batchSize;
        this.learningRate = b.learningRate;
        this.weightDecay = b.weightDecay;
        this.loss = DistillationLoss.builder().optSigmoidScores(true).optAlpha(b.alpha)
                .optTemperature(b.temperature).optBoxWeight(b.boxWeight).optConfidence(b.confidence)
                .optForegroundWeight(b.foregroundWeight);
        this.frozen = b.frozen;
        this.augmentation = b.augmentation;
        this.checkpointDir = b.checkpointDir;
        this.threads = b.threads;
        this.seed = b.seed;
        this.featureWeight = b.featureWeight;
        this.labels = b.labels;
    }

    /** @return a builder; the teacher, the student and the images are required */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains and writes the best student (by validation agreement) to {@code out}. With a checkpoint directory
     * holding a checkpoint of the same schedule, training resumes where it stopped.
     *
     * @param out where the trained ONNX student goes
     * @param listener progress, or {@link TrainingListener#NONE}
     * @return what happened
     * @throws IllegalArgumentException if the student cannot learn from the teacher (family, anchors, operators),
     *     naming what differs
     * @throws EdgeCvException if the teacher cannot be opened or run
     * @throws IOException if images, the student or the checkpoint cannot be read or written
     */
    public TrainingReport train(Path out, TrainingListener listener) throws EdgeCvException, IOException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(listener, "listener");
        return new DistillationRun(this, out, listener).run();
    }

    /**
     * Settings for a {@link Distiller}: {@code setX} is required, {@code optX} optional; each is checked when set.
     *
     * <p>Thread-safety: not thread-safe.
     */
    public static final class Builder {
        private Path teacher;
        private String teacherBackend;
        private Path student;
        private List<Path> images;
        private List<Path> validationImages;
        private double validationFraction = 0.2;
        private int epochs = 10;
        private int batchSize = 4;
        private float learningRate = 1e-4f;
        private float weightDecay = 0.01f;
        private float alpha = 0.5f;
        private float temperature = 2f;
        private float boxWeight = 1f;
        private float confidence = 0.5f;
        private float foregroundWeight = 50f;
        private Pattern frozen = Pattern.compile("(?!)");
        private Augmentation augmentation = DefaultAugmentation.create();
        private Path checkpointDir;
        private int threads;
        private long seed = 42;
        private float featureWeight = DEFAULT_FEATURE_WEIGHT;
        private LabelSet labels;

        private Builder() {
        }

        /** @param model the teacher: any model a {@code Detector} opens (ONNX, TFLite, NCNN, TensorRT) (required) */
        public Builder setTeacher(Path model) {
            this.teacher = existing(model, "teacher");
            return this;
        }

        /** @param backend the teacher's backend by name ({@code onnx}, {@code tflite}, ...); default: the best */
        public Builder optTeacherBackend(String backend) {
            if (backend == null || backend.isBlank()) {
                throw new IllegalArgumentException("teacher backend is blank; omit optTeacherBackend for the best");
            }
            this.teacherBackend = backend;
            return this;
        }

        /** @param model the student, an ONNX file of the teacher's family and anchors (required) */
        public Builder setStudent(Path model) {
            this.student = existing(model, "student");
            return this;
        }

        /** @param photos training images (photos or video frames; no labels needed) (required, at least 2) */
        public Builder setImages(List<Path> photos) {
            this.images = images(photos, "training", 2);
            return this;
        }

        /** @param photos held-out images to validate on; default: {@link #optValidationFraction} of the images */
        public Builder optValidationImages(List<Path> photos) {
            this.validationImages = images(photos, "validation", 1);
            return this;
        }

        /** @param fraction share of the images held out for validation when none are given, in (0, 0.5] */
        public Builder optValidationFraction(double fraction) {
            if (!(fraction > 0 && fraction <= 0.5)) {
                throw new IllegalArgumentException("validation fraction " + fraction + " is not in (0, 0.5]");
            }
            this.validationFraction = fraction;
            return this;
        }

        /** @param epochs passes over the training images, >= 1 (default 10) */
        public Builder optEpochs(int epochs) {
            this.epochs = positive(epochs, "epochs");
            return this;
        }

        /** @param size images per optimiser step (gradients accumulated), >= 1 (default 4) */
        public Builder optBatchSize(int size) {
            this.batchSize = positive(size, "batch size");
            return this;
        }

        /**
         * @param rate AdamW's peak learning rate, > 0 (default 1e-4, for fine-tuning a trained student); the cosine
         *     schedule takes it to 1%
         */
        public Builder optLearningRate(float rate) {
            StudentOptimizer.builder().optLearningRate(rate); // checks it
            this.learningRate = rate;
            return this;
        }

        /** @param decay AdamW's weight decay, >= 0 (default 0.01) */
        public Builder optWeightDecay(float decay) {
            StudentOptimizer.builder().optWeightDecay(decay);
            this.weightDecay = decay;
            return this;
        }

        /**
         * @param alpha weight of CE on the teacher's decisions (per class: score >= 0.5), 1 for these hard
         *     pseudo-labels alone (no soft targets), in
         *     [0, 1] (default 0.5)
         * @param temperature T of the soft targets, > 0 (default 2)
         */
        public Builder optSoftTargets(float alpha, float temperature) {
            DistillationLoss.builder().optAlpha(alpha).optTemperature(temperature); // checks both
            this.alpha = alpha;
            this.temperature = temperature;
            return this;
        }

        /** @param weight factor on the box loss, >= 0 (default 1; 0 learns the scores only) */
        public Builder optBoxWeight(float weight) {
            DistillationLoss.builder().optBoxWeight(weight);
            this.boxWeight = weight;
            return this;
        }

        /** @param confidence teacher score from which an anchor's box is learned, in (0, 1) (default 0.5) */
        public Builder optConfidence(float confidence) {
            DistillationLoss.builder().optConfidence(confidence);
            this.confidence = confidence;
            return this;
        }

        /** @param weight γ of {@link DistillationLoss.Builder#optForegroundWeight} (default 50) */
        public Builder optForegroundWeight(float weight) {
            DistillationLoss.builder().optForegroundWeight(weight);
            this.foregroundWeight = weight;
            return this;
        }

        /**
         * Feature distillation beside the output loss: where the teacher is an ONNX file whose feature maps share
         * name and shape with the student's (a pruned model and its original), the student's maps are pulled
         * towards the teacher's by their relative squared error ({@code FeatureHints}), times this weight. Other
         * teachers train on the outputs alone, and the log says why.
         *
         * @param weight >= 0; 0 turns it off (default {@value #DEFAULT_FEATURE_WEIGHT})
         */
        public Builder optFeatureWeight(float weight) {
            if (!(weight >= 0) || Float.isInfinite(weight)) {
                throw new IllegalArgumentException("feature weight " + weight + " is not a finite value >= 0");
            }
            this.featureWeight = weight;
            return this;
        }

        /**
         * Hard labels (optional; none are needed). For a labelled training image, CE in the class loss takes the
         * labels instead of the teacher's decisions (α·CE(student, labels) + (1−α)·T²·KL(teacher ‖ student)), and
         * the box loss learns the labelled boxes on the anchors matched to them ({@code SsdLabelTargets}: IoU
         * ≥ 0.5, and every box's best anchor); unlabelled images learn from the teacher alone. Labelled images not
         * among {@link #setImages} are trained on too. SSD students only, with stretch preprocessing.
         *
         * @param set boxes in pixels whose class indices are the student's labels' (map a dataset's classes onto
         *     the model's with {@code ClassMapping.apply}); read by {@code LabelReaders} from Pascal VOC XML,
         *     COCO JSON or YOLO txt
         */
        public Builder optLabels(LabelSet set) {
            this.labels = Objects.requireNonNull(set, "labels; omit optLabels to learn from the teacher alone");
            return this;
        }

        /** @param pattern student initialisers whose whole name matches stay frozen (default: none) */
        public Builder optFrozen(Pattern pattern) {
            this.frozen = Objects.requireNonNull(pattern, "frozen pattern; omit optFrozen to train everything");
            return this;
        }

        /**
         * @param augmentation what is done to each training image before the teacher and the student see it (the
         *     teacher's targets follow it); {@link #NO_AUGMENTATION} for nothing. Default: a flip (p 0.5), zoom in
         *     [0.8, 1.2] (p 1) and brightness, contrast and saturation jitter of ±0.3 (p 0.8), from
         *     {@code io.edgecv.train.data}
         */
        public Builder optAugmentation(Augmentation augmentation) {
            this.augmentation = Objects.requireNonNull(augmentation, "augmentation; use NO_AUGMENTATION");
            return this;
        }

        /** @param dir where checkpoints go (created); a checkpoint there is resumed (default: none) */
        public Builder optCheckpointDir(Path dir) {
            Objects.requireNonNull(dir, "checkpoint dir");
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new IllegalArgumentException("checkpoint dir " + dir + " is a file; give a directory");
            }
            this.checkpointDir = dir;
            return this;
        }

        /** @param threads intra-op threads of libtorch and of the teacher's runtime; 0 (default) their defaults */
        public Builder optThreads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("threads " + threads + " is negative; 0 means the default");
            }
            this.threads = threads;
            return this;
        }

        /** @param seed seeds the split, the shuffles and the augmentation (default 42) */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** @throws IllegalStateException if a required setting is missing */
        public Distiller build() {
            if (teacher == null || student == null || images == null) {
                throw new IllegalStateException("setTeacher, setStudent and setImages are required");
            }
            return new Distiller(this);
        }

        private static Path existing(Path p, String what) {
            Objects.requireNonNull(p, what);
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException(what + " model " + p + " is not a file");
            }
            return p;
        }

        private static List<Path> images(List<Path> photos, String what, int min) {
            Objects.requireNonNull(photos, what + " images");
            for (Path p : photos) {
                if (p == null || !Files.isRegularFile(p)) {
                    throw new IllegalArgumentException(what + " image " + p + " is not a file");
                }
            }
            if (photos.size() < min) {
                throw new IllegalArgumentException(photos.size() + " " + what + " images; give at least " + min);
            }
            return List.copyOf(photos);
        }

        private static int positive(int v, String what) {
            if (v < 1) {
                throw new IllegalArgumentException(what + " " + v + " is not >= 1");
            }
            return v;
        }
    }
}
