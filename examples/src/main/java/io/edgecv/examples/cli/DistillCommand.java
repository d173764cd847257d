package io.edgecv.examples.cli;

import io.edgecv.Detector;
import io.edgecv.EdgeCvException;
import io.edgecv.train.Distiller;
import io.edgecv.train.TrainingReport;
import io.edgecv.train.data.ClassMapping;
import io.edgecv.train.data.LabelReaders;
import io.edgecv.train.data.LabelSet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code edgecv distill}: trains an ONNX student on a teacher's raw outputs over a folder of photos or a video's
 * frames (no labels needed), with a progress bar showing the loss and the validation agreement, the report at the
 * end and the best student written.
 */
@Command(name = "distill", mixinStandardHelpOptions = true,
        description = "Distil a detector into an ONNX student, or fine-tune a pruned model with the unpruned one as"
                + " teacher, on unlabelled photos or video frames.")
final class DistillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--teacher", required = true, description = "The teacher: any model EdgeCV opens (ONNX, TFLite,"
            + " NCNN, TensorRT engine).")
    Path teacher;

    @Option(names = "--teacher-backend", description = "The teacher's backend (onnx, tflite, ncnn, tensorrt);"
            + " default: the best available.")
    String teacherBackend;

    @Option(names = "--student", required = true, description = "The student: an ONNX model of the teacher's family"
            + " and anchors (for example the teacher pruned by 'edgecv prune'), or an SSD model whose labels share"
            + " names with the teacher's, which then learns from the teacher's decoded boxes.")
    Path student;

    @Option(names = "--data", required = true, description = "A folder of photos or frames, or a video file.")
    Path data;

    @Option(names = "--val", description = "A folder of held-out photos to validate on (default: every 5th of"
            + " --data).")
    Path val;

    @Option(names = {"-o", "--out"}, required = true, description = "Where to write the trained student.")
    Path out;

    @Option(names = "--epochs", defaultValue = "10", description = "Passes over the data. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch", defaultValue = "4", description = "Images per step. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-4", description = "Peak learning rate (cosine schedule to 1%)."
            + " Default: ${DEFAULT-VALUE}.")
    float lr;

    @Option(names = "--alpha", defaultValue = "0.5", description = "Weight of CE on the teacher's top class (1: no"
            + " soft targets). Default: ${DEFAULT-VALUE}.")
    float alpha;

    @Option(names = "--temperature", defaultValue = "2", description = "Temperature of the soft targets."
            + " Default: ${DEFAULT-VALUE}.")
    float temperature;

    @Option(names = "--labels", description = "Optional hard labels: a Pascal VOC folder, a COCO instances JSON or a"
            + " YOLO folder (with classes.txt, obj.names or data.yaml). Class names are matched to the teacher's"
            + " labels; labelled images are trained on too. SSD students.")
    Path labels;

    @Option(names = "--feature-weight", description = "Weight of feature distillation where the teacher is an ONNX"
            + " file sharing feature maps with the student (a pruned model and its original); 0: outputs only."
            + " Default: " + Distiller.DEFAULT_FEATURE_WEIGHT + ".")
    Float featureWeight;

    @Option(names = "--freeze", description = "Regular expression: student weights whose name matches stay fixed.")
    String freeze;

    @Option(names = "--no-augment", description = "No flips, scale or colour jitter.")
    boolean noAugment;

    @Option(names = "--checkpoint", description = "Checkpoint folder; a checkpoint there is resumed.")
    Path checkpoint;

    @Option(names = "--every", defaultValue = "5", description = "Video: take every n-th frame. Default:"
            + " ${DEFAULT-VALUE}.")
    int every;

    @Option(names = "--max-frames", defaultValue = "300", description = "Video: at most this many frames. Default:"
            + " ${DEFAULT-VALUE}.")
    int maxFrames;

    @Option(names = {"-t", "--threads"}, defaultValue = "2", description = "Threads of libtorch and the teacher's"
            + " runtime. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the split, shuffles and augmentation.")
    long seed;

    @Override
    public Integer call() throws IOException, EdgeCvException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        Path frameDir = null;
        try {
            List<Path> images;
            if (Files.isDirectory(data)) {
                images = QuantizeCommand.pictures(data);
            } else {
                frameDir = Files.createTempDirectory("edgecv-distill-frames");
                err.println("reading every " + every + ". frame of " + data + " ...");
                images = VideoFrames.extract(data, every, maxFrames, frameDir);
            }
            Distiller.Builder b = Distiller.builder().setTeacher(teacher).setStudent(student).setImages(images)
                    .optEpochs(epochs).optBatchSize(batch).optLearningRate(lr).optSoftTargets(alpha, temperature)
                    .optThreads(threads).optSeed(seed);
            if (val != null) {
                b.optValidationImages(QuantizeCommand.pictures(val));
            }
            if (teacherBackend != null) {
                b.optTeacherBackend(teacherBackend);
            }
            if (labels != null) {
                LabelSet set = LabelReaders.detect(labels).read();
                List<String> modelLabels;
                try (Detector d = Detector.builder().setModel(teacher).build()) {
                    modelLabels = d.description().labels();
                }
                set = ClassMapping.builder().setModelLabels(modelLabels).build(set).apply(set);
                err.println("labels: " + set.images().size() + " images, " + set.boxCount() + " boxes ("
                        + set.format() + ", " + labels + ")");
                b.optLabels(set);
            }
            if (featureWeight != null) {
                b.optFeatureWeight(featureWeight);
            }
            if (freeze != null) {
                b.optFrozen(Pattern.compile(freeze));
            }
            if (noAugment) {
                b.optAugmentation(Distiller.NO_AUGMENTATION);
            }
            if (checkpoint != null) {
                b.optCheckpointDir(checkpoint);
            }
            TrainingReport report;
            try (TrainingProgress progress = new TrainingProgress(err)) {
                report = b.build().train(out, progress);
            }
            stdout.println(report.toText());
            stdout.flush();
            return 0;
        } catch (IllegalArgumentException e) { // bad settings, a student that cannot learn from this teacher, --freeze
            err.println();
            err.println(e.getMessage());
            return 2;
        } finally {
            if (frameDir != null) {
                VideoFrames.delete(frameDir);
            }
        }
    }
}
