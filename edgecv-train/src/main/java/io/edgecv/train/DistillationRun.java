package io.edgecv.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.onnx.proto.OnnxMl.ModelProto;
import io.edgecv.Detection;
import io.edgecv.EdgeCvException;
import io.edgecv.ImageInput;
import io.edgecv.PixelFormat;
import io.edgecv.decode.ssd.SsdDecoder;
import io.edgecv.model.ModelFiles;
import io.edgecv.quantize.DetectionAgreement;
import io.edgecv.spi.ModelSource;
import io.edgecv.train.data.LabelledImage;
import io.edgecv.train.data.TrainingSample;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@link Distiller#train} run: the split, the schedule, the steps, validation, checkpoints.
 *
 * <p>Thread-safety: not thread-safe; used once, from one thread.
 */
final class DistillationRun {
    private static final Logger LOG = LoggerFactory.getLogger(DistillationRun.class);
    /** Student detections down to this score enter the precision-recall curve of agreement. */
    private static final float CANDIDATE_THRESHOLD = 0.05f;

    private final Distiller cfg;
    private final Path out;
    private final TrainingListener listener;
    private final List<Path> train = new ArrayList<>();
    private final List<Path> validation = new ArrayList<>();

    private final Map<Path, LabelledImage> labelled = new HashMap<>();

    DistillationRun(Distiller cfg, Path out, TrainingListener listener) {
        this.cfg = cfg;
        this.out = out;
        this.listener = listener;
        if (cfg.labels != null) {
            for (LabelledImage li : cfg.labels.images()) {
                labelled.put(key(li.image()), li);
            }
        }
        if (cfg.validationImages != null) {
            train.addAll(cfg.images);
            validation.addAll(cfg.validationImages);
        } else {
            // every k-th image (by sorted name) held out: spread over the set, the same on every run
            List<Path> sorted = new ArrayList<>(cfg.images);
            Collections.sort(sorted);
            int every = (int) Math.max(2, Math.round(1 / cfg.validationFraction));
            for (int i = 0; i < sorted.size(); i++) {
                (i % every == every - 1 ? validation : train).add(sorted.get(i));
            }
        }
        // labelled images train too, unless held out
        Set<Path> known = new HashSet<>();
        train.forEach(p -> known.add(key(p)));
        validation.forEach(p -> known.add(key(p)));
        if (cfg.labels != null) {
            for (LabelledImage li : cfg.labels.images()) {
                if (known.add(key(li.image()))) {
                    train.add(li.image());
                }
            }
        }
    }

    private static Path key(Path p) {
        return p.toAbsolutePath().normalize();
    }

    TrainingReport run() throws EdgeCvException, IOException {
        Libtorch.threads(cfg.threads); // process-wide: libtorch has one intra-op pool
        int perEpoch = (train.size() + cfg.batchSize - 1) / cfg.batchSize;
        int total = perEpoch * cfg.epochs;
        ModelProto original = ModelProto.parseFrom(Files.readAllBytes(cfg.student));
        try (Teacher teacher = Teacher.open(cfg.teacher, cfg.teacherBackend, cfg.threads)) {
            StudentModel student = new StudentModel(cfg.student, original);
            HeadLayout studentHeads = HeadLayout.of(student.description(), student.signature(), student.decoder(),
                    "student");
            HeadLayout heads = null;
            DecodedTargets decoded = null;
            try {
                heads = HeadLayout.of(teacher.description(), teacher.signature(), teacher.decoder(), "teacher");
                heads.requireMappable(studentHeads, teacher.description().preprocessing().width(),
                        student.description().preprocessing().width());
            } catch (IllegalArgumentException noMapping) {
                decoded = DecodedTargets.of(teacher.description(), student, noMapping, cfg.batchSize);
                heads = null; // the teacher's layout may be known but does not map: no output-to-output loss
                LOG.info("{}: the teacher's decoded boxes label the student instead, matched to its anchors by IoU"
                        + " ({} of the teacher's {} classes are the student's)", noMapping.getMessage(),
                        decoded.sharedClasses(), teacher.description().labels().size());
            }
            if (validation.isEmpty()) {
                throw new IllegalArgumentException(cfg.images.size() + " images hold out none for validation at"
                        + " fraction " + cfg.validationFraction + ": give at least "
                        + Math.max(2, Math.round(1 / cfg.validationFraction)) + " images, or optValidationImages");
            }
            if (!labelled.isEmpty()) {
                ssdDecoder(student); // refuses other families before training starts
            }
            DistillationLoss loss = cfg.loss.optFirstClass(studentHeads.firstClass()).build();
            Checkpoint checkpoint = cfg.checkpointDir == null ? null : new Checkpoint(cfg.checkpointDir);
            boolean resume = checkpoint != null && checkpoint.exists();
            ModelProto start = resume ? ModelProto.parseFrom(Files.readAllBytes(checkpoint.studentFile())) : original;
            LOG.info("distilling {} ({} on {}) into {}: {} training and {} validation images, {} steps{}",
                    cfg.teacher.getFileName(), teacher.description().family(), teacher.backendName(),
                    cfg.student.getFileName(), train.size(), validation.size(), total,
                    resume ? ", resuming from " + cfg.checkpointDir : "");
            Pattern frozen = cfg.frozen;
            if (studentHeads.heads().get(0).kind == HeadLayout.Kind.YOLO_ROWS) {
                Set<String> constants = DecodeConstants.of(original);
                if (!constants.isEmpty()) {
                    LOG.info("the YOLO student's {} decoding constants stay as exported: {}", constants.size(),
                            constants);
                    frozen = DecodeConstants.plus(frozen, constants);
                }
            }
            try (OnnxTrainingGraph graph = OnnxTrainingGraph.builder().setModel(start).optFrozen(frozen).build();
                 StudentOptimizer optimizer = StudentOptimizer.builder().setTotalSteps(total)
                         .optLearningRate(cfg.learningRate).optWeightDecay(cfg.weightDecay).build();
                 FeatureHints hints = cfg.featureWeight > 0 ? hints(graph, original, student) : null) {
                if (graph.parameters().isEmpty()) {
                    throw new IllegalArgumentException("nothing to train: the frozen pattern " + cfg.frozen
                            + " matches every weight of " + cfg.student);
                }
                Steps steps = new Steps(teacher, student, graph, loss, heads, studentHeads, decoded, hints,
                        cfg.featureWeight);
                List<List<Detection>> reference = new ArrayList<>();
                for (Path p : validation) {
                    reference.add(teacher.detect(teacher.run(ImageInput.read(p))));
                }
                // a teacher of another family numbers its classes its own way: compare by class name
                reference = DetectionAgreement.renumbered(reference, teacher.description().labels(),
                        student.description().labels());
                Checkpoint.State state;
                ModelProto best = null;
                if (resume) {
                    state = checkpoint.load(graph, optimizer, total, cfg.seed);
                } else {
                    state = new Checkpoint.State();
                    state.totalSteps = total;
                    state.seed = cfg.seed;
                    DetectionAgreement a = validate(steps, reference);
                    state.agreements.add(a.map50());
                    listener.onValidation(0, a, true);
                    if (checkpoint != null) {
                        checkpoint.saveBest(graph);
                    } else {
                        best = original;
                    }
                }
                int resumedAt = state.step;
                List<TrainingSample> samples = new ArrayList<>();
                List<SsdLabelTargets> targets = new ArrayList<>();
                for (int k = 0; k < cfg.batchSize; k++) {
                    samples.add(new TrainingSample(PixelFormat.RGB));
                    targets.add(labelled.isEmpty() ? null : new SsdLabelTargets(ssdDecoder(student)));
                }
                long nanos = 0;
                int trained = 0;
                while (state.step < total) {
                    int epoch = state.step / perEpoch;
                    int first = (state.step % perEpoch) * cfg.batchSize;
                    int[] order = permutation(train.size(), new Random(mix(cfg.seed, -1 - epoch)));
                    Random random = new Random(mix(cfg.seed, state.step));
                    List<ImageInput> batch = new ArrayList<>();
                    List<SsdLabelTargets> batchTargets = new ArrayList<>();
                    for (int k = first; k < Math.min(first + cfg.batchSize, train.size()); k++) {
                        TrainingSample sample = samples.get(k - first);
                        LabelledImage li = labelled.get(key(train.get(order[k])));
                        if (li != null) {
                            sample.load(li);
                        } else {
                            sample.load(train.get(order[k]));
                        }
                        cfg.augmentation.apply(sample, random);
                        batch.add(sample.image().asInput());
                        batchTargets.add(li == null ? null : targets.get(k - first).match(sample.boxes(),
                                sample.image().width(), sample.image().height()));
                    }
                    float lr = optimizer.learningRate();
                    long t0 = System.nanoTime();
                    double stepLoss = steps.trainStep(batch, batchTargets);
                    optimizer.step(graph);
                    nanos += System.nanoTime() - t0;
                    trained += batch.size();
                    state.step++;
                    state.lossSum += stepLoss;
                    state.lossCount++;
                    listener.onStep(state.step, total, stepLoss, lr);
                    if (state.step % perEpoch == 0) {
                        state.epochLosses.add(state.lossSum / state.lossCount);
                        state.lossSum = 0;
                        state.lossCount = 0;
                        DetectionAgreement a = validate(steps, reference);
                        state.agreements.add(a.map50());
                        boolean better = a.map50() > state.agreements.get(state.bestEpoch);
                        if (better) {
                            state.bestEpoch = epoch + 1;
                            if (checkpoint != null) {
                                checkpoint.saveBest(graph);
                            } else {
                                best = graph.toModel();
                            }
                        }
                        LOG.info("epoch {}/{}: loss {}, agreement {}{}", epoch + 1, cfg.epochs,
                                state.epochLosses.get(epoch), a, better ? " (best)" : "");
                        if (checkpoint != null) {
                            checkpoint.save(state, graph, optimizer);
                        }
                        listener.onValidation(epoch + 1, a, better);
                    }
                }
                if (optimizer.skippedSteps() > 0) {
                    LOG.warn("{} of {} steps were skipped for gradients that were not finite: lower the learning rate"
                            + " or the feature weight", optimizer.skippedSteps(), state.step - resumedAt);
                }
                if (checkpoint != null) {
                    Files.copy(checkpoint.bestFile(), out, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.write(out, best.toByteArray());
                }
                for (Path p : ModelFiles.writeSidecars(ModelSource.of(cfg.student), student.description().labels(),
                        out)) {
                    LOG.info("wrote {} beside {} (from the student)", p.getFileName(), out);
                }
                return new TrainingReport(out, state.step, resumedAt, state.agreements, state.epochLosses,
                        state.bestEpoch, train.size(), validation.size(), trained == 0 ? 0 : trained / (nanos / 1e9));
            }
        }
    }

    /** @return the SSD student's decoder, which matches labelled boxes to anchors */
    private static SsdDecoder ssdDecoder(StudentModel student) {
        SsdDecoder d = SsdLabelTargets.decoderOf(student);
        if (d == null) {
            throw new IllegalArgumentException("hard labels are learned by SSD students with stretch preprocessing;"
                    + " the student is a " + student.description().family() + " model with "
                    + student.description().preprocessing() + ": train it from the teacher alone (omit optLabels)");
        }
        return d;
    }

    /** @return feature hints when the teacher is an ONNX file sharing feature maps with the student, else null */
    private FeatureHints hints(OnnxTrainingGraph graph, ModelProto studentModel, StudentModel student)
            throws IOException {
        List<String> why = new ArrayList<>();
        FeatureHints h = null;
        if (!cfg.teacher.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx")) {
            why.add("the teacher is not an ONNX file");
        } else {
            h = FeatureHints.match(ModelProto.parseFrom(Files.readAllBytes(cfg.teacher)), graph, studentModel,
                    student.inputName(), student.inputShape(), why);
        }
        if (h == null) {
            LOG.info("no feature hints (output distillation only): {}", why.get(0));
        } else {
            LOG.info("{}, weight {}", h, cfg.featureWeight);
        }
        return h;
    }

    private DetectionAgreement validate(Steps steps, List<List<Detection>> reference) throws IOException {
        List<List<Detection>> candidate = new ArrayList<>();
        for (Path p : validation) {
            candidate.add(steps.detect(ImageInput.read(p), CANDIDATE_THRESHOLD));
        }
        return DetectionAgreement.compute(reference, candidate);
    }

    /**
     * A seed per step (or epoch) from the run's seed: SplitMix64's finaliser, because {@link Random}'s first draws
     * from neighbouring seeds are nearly equal (every step would flip alike).
     */
    static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static int[] permutation(int n, Random random) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** The teacher-student computation of one step, and the student's detections. */
    private static final class Steps {
        private final Teacher teacher;
        private final StudentModel student;
        private final OnnxTrainingGraph graph;
        private final DistillationLoss loss;
        private final HeadLayout heads;
        private final HeadLayout studentHeads;
        /** The teacher's decoded boxes as labels, where its outputs do not map onto the student's; else null. */
        private final DecodedTargets decoded;
        private final FeatureHints hints;
        private final float featureWeight;

        Steps(Teacher teacher, StudentModel student, OnnxTrainingGraph graph, DistillationLoss loss, HeadLayout heads,
              HeadLayout studentHeads, DecodedTargets decoded, FeatureHints hints, float featureWeight) {
            this.decoded = decoded;
            this.hints = hints;
            this.featureWeight = featureWeight;
            this.teacher = teacher;
            this.student = student;
            this.graph = graph;
            this.loss = loss;
            this.heads = heads;
            this.studentHeads = studentHeads;
        }

        /** Accumulates the gradients of the batch's mean loss; @return that loss */
        double trainStep(List<ImageInput> batch, List<SsdLabelTargets> labels) throws EdgeCvException {
            double sum = 0;
            try (GradientCollector gc = Libtorch.engine().newGradientCollector()) {
                for (int b = 0; b < batch.size(); b++) {
                    ImageInput in = batch.get(b);
                    RawOutputs target = teacher.run(in);
                    SsdLabelTargets given = labels.get(b);
                    if (given == null && decoded != null) {
                        given = decoded.match(b, teacher.detect(target), in.width(), in.height());
                    }
                    try (NDManager scope = graph.manager().newSubManager()) {
                        NDArray x = student.input(scope, in);
                        Map<String, NDArray> out = graph.forward(scope, Map.of(student.inputName(), x),
                                hints == null ? Set.of() : hints.names());
                        NDArray l = decoded != null ? decodedLoss(scope, out, given) : loss(scope, out, target, given);
                        if (hints != null) {
                            l = l.add(hints.loss(scope, x, out).mul(featureWeight));
                        }
                        l = l.div(batch.size());
                        sum += l.getFloat();
                        gc.backward(l);
                    }
                }
            }
            return sum;
        }

        private NDArray loss(NDManager scope, Map<String, NDArray> out, RawOutputs target, SsdLabelTargets labels) {
            NDArray total = null;
            for (int k = 0; k < heads.heads().size(); k++) {
                HeadLayout.Head t = heads.heads().get(k);
                HeadLayout.Head s = studentHeads.heads().get(k);
                NDArray sScores = out.get(student.signature().outputs().get(s.scores).name());
                NDArray sBoxes = out.get(student.signature().outputs().get(s.boxes).name());
                NDArray[] mine = s.logitsAndBoxes(sScores, sBoxes);
                Shape shape = sScores.getShape(); // the teacher's values in the student's shape, or its transpose
                if (t.channelsFirst != s.channelsFirst) {
                    shape = new Shape(shape.get(0), shape.get(2), shape.get(1));
                }
                NDArray tScores = scope.create(target.values(t.scores), shape);
                NDArray[] theirs = t.logitsAndBoxes(tScores, t.boxes == t.scores ? tScores
                        : scope.create(target.values(t.boxes), sBoxes.getShape()));
                NDArray logits = mine[0];
                NDArray boxes = mine[1];
                NDArray tLogits = theirs[0];
                NDArray tBoxes = theirs[1];
                NDArray l;
                if (labels == null) {
                    l = loss.classLoss(logits, tLogits, null).add(loss.boxLoss(boxes, tBoxes, tLogits));
                } else {
                    // one SSD head: the labels' classes replace the teacher's decisions in CE, their boxes its
                    l = labelledLoss(scope, logits, boxes, tLogits, labels);
                }
                total = total == null ? l : total.add(l);
            }
            return total;
        }

        /** The loss against the teacher's decoded boxes matched to the student's anchors (one SSD head). */
        private NDArray decodedLoss(NDManager scope, Map<String, NDArray> out, SsdLabelTargets targets) {
            HeadLayout.Head s = studentHeads.heads().get(0);
            NDArray logits = out.get(student.signature().outputs().get(s.scores).name());
            NDArray boxes = out.get(student.signature().outputs().get(s.boxes).name());
            return labelledLoss(scope, logits, boxes, scope.create(decoded.logits(targets), logits.getShape()),
                    targets);
        }

        /** CE on the labels' classes beside KL to {@code tLogits}, and smooth-L1 on the labelled boxes. */
        private NDArray labelledLoss(NDManager scope, NDArray logits, NDArray boxes, NDArray tLogits,
                SsdLabelTargets labels) {
            Shape anchors = logits.getShape().slice(0, logits.getShape().dimension() - 1);
            NDArray ids = scope.create(labels.classes(), anchors).toType(DataType.INT64, false);
            return loss.classLoss(logits, tLogits, ids).add(loss.maskedBoxLoss(boxes,
                    scope.create(labels.boxes(), boxes.getShape()), scope.create(labels.positive(), anchors)));
        }

        List<Detection> detect(ImageInput image, float threshold) {
            try (NDManager scope = graph.manager().newSubManager()) {
                Map<String, NDArray> out = graph.forward(scope, Map.of(student.inputName(),
                        student.input(scope, image)));
                return student.detect(student.outputs(out), threshold);
            }
        }
    }
}
