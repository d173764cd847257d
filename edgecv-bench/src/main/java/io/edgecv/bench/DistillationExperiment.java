package io.edgecv.bench;

import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.ImageInput;
import io.edgecv.quantize.ComparisonReport;
import io.edgecv.quantize.DetectionAgreement;
import io.edgecv.quantize.ModelComparison;
import io.edgecv.quantize.QuantizationConfig;
import io.edgecv.quantize.Quantizers;
import io.edgecv.train.Distiller;
import io.edgecv.train.TrainingListener;
import io.edgecv.train.TrainingReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Issue 15's experiment, too long for a unit test: fine-tunes pruned students with the unpruned model as teacher
 * and scores them on held-out images. For each student: its agreement as pruned (least-squares recovery alone),
 * after distillation (α = 0.5, T = 2: the teacher's soft targets) and, at the same schedule, after training on the
 * teacher's arg-max only (α = 1: hard pseudo-labels, no soft targets); the agreement is measured twice, by the
 * trainer's own validation and independently by {@link ModelComparison} (both models through {@code Detector} on
 * ONNX Runtime, detections in image pixels, the student's down to score 0.05 as in the trainer's validation). The
 * best distilled student is quantized to INT8 and run on the held-out images. Training throughput (images/s) is
 * the trainer's, with the thread count given.
 *
 * <pre>
 * java -cp ... io.edgecv.bench.DistillationExperiment teacher.onnx train/ held/ out/ 6 2 ssd_p30.onnx ssd_p50.onnx
 * </pre>
 *
 * <p>Arguments: teacher, training image folder, held-out image folder, output folder, epochs, threads, students.
 * System properties: {@code edgecv.distill.modes} (default {@code soft,hard}; a mode ending in {@code +f}, such
 * as {@code soft+f}, adds feature hints at weight {@code edgecv.distill.features}, default 1);
 * {@code edgecv.distill.lr} (default 1e-3); {@code edgecv.distill.batch} (default 4); {@code edgecv.distill.fg}
 * (default 50, the foreground weight); {@code edgecv.distill.reuse} (default false): a trained student already in
 * the output folder is evaluated, not trained again; {@code edgecv.distill.validation}: the folder of images the
 * trainer validates on to keep its best epoch (default: the held-out folder, which then also chooses the epoch;
 * give a separate folder so that the held-out score is untouched by that choice). Each score is followed by its
 * per-class breakdown ({@link DetectionAgreement#perClass()}).
 *
 * <p>Thread-safety: a program; single-threaded.
 */
public final class DistillationExperiment {
    private static final boolean REUSE = Boolean.getBoolean("edgecv.distill.reuse");
    /** The student's detections down to this score are scored, as in the trainer's validation. */
    private static final float CANDIDATES = 0.05f;
    private DistillationExperiment() {
    }

    /**
     * @param args teacher, train folder, held-out folder, output folder, epochs, threads, students...
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        Path teacher = Path.of(args[0]);
        List<Path> train = images(Path.of(args[1]));
        List<Path> held = images(Path.of(args[2]));
        String validationDir = System.getProperty("edgecv.distill.validation");
        List<Path> validation = validationDir == null ? held : images(Path.of(validationDir));
        Path out = Files.createDirectories(Path.of(args[3]));
        int epochs = Integer.parseInt(args[4]);
        int threads = Integer.parseInt(args[5]);
        float lr = Float.parseFloat(System.getProperty("edgecv.distill.lr", "1e-3"));
        int batch = Integer.getInteger("edgecv.distill.batch", 4);
        float foreground = Float.parseFloat(System.getProperty("edgecv.distill.fg", "50"));
        String[] modes = System.getProperty("edgecv.distill.modes", "soft,hard").split(",");
        float features = Float.parseFloat(System.getProperty("edgecv.distill.features", "1"));
        List<String> rows = new ArrayList<>();
        for (int s = 6; s < args.length; s++) {
            Path student = Path.of(args[s]);
            String name = student.getFileName().toString().replace(".onnx", "");
            DetectionAgreement pruned = compare(teacher, student, held, threads);
            report(rows, row(name + " as pruned", pruned, Double.NaN, Double.NaN), pruned);
            for (String mode : modes) {
                // soft: outputs (α 0.5, T 2); hard: the teacher's decisions alone (α 1); +f: feature hints too
                boolean withFeatures = mode.endsWith("+f");
                boolean soft = mode.startsWith("soft");
                Path trained = out.resolve(name + "-" + mode + ".onnx");
                double trainer = Double.NaN;
                double speed = Double.NaN;
                if (!(REUSE && Files.exists(trained))) {
                    TrainingReport r = Distiller.builder().setTeacher(teacher).setStudent(student).setImages(train)
                            .optValidationImages(validation).optEpochs(epochs).optBatchSize(batch).optLearningRate(lr)
                            .optSoftTargets(soft ? 0.5f : 1f, 2f).optForegroundWeight(foreground).optThreads(threads)
                            .optFeatureWeight(withFeatures ? features : 0f)
                            .build()
                            .train(trained, printing(name + "/" + mode));
                    // not <model>.txt: Detector would read that as the model's label file
                    Files.writeString(out.resolve(name + "-" + mode + ".report.txt"), r.toText());
                    System.out.println(r.toText());
                    trainer = r.bestAgreement();
                    speed = r.imagesPerSecond();
                }
                DetectionAgreement distilled = compare(teacher, trained, held, threads);
                report(rows, row(name + " " + mode + " (" + epochs + " epochs)", distilled, trainer, speed), distilled);
                if (soft) {
                    Path int8 = out.resolve(name + "-" + mode + "-int8.onnx");
                    Quantizers.forModel(trained).quantize(trained, int8, QuantizationConfig.builder()
                            .optCalibrationImages(train.subList(0, Math.min(64, train.size()))).optThreads(threads)
                            .build());
                    DetectionAgreement quantized = compare(teacher, int8, held, threads);
                    report(rows, row(name + " " + mode + " INT8", quantized, Double.NaN, Double.NaN) + "; "
                            + detectionsOn(int8, held), quantized);
                }
            }
        }
        System.out.println();
        System.out.println(String.format(Locale.ROOT, "teacher %s; %d training images, %d held out, %s; %d threads",
                teacher.getFileName(), train.size(), held.size(), validationDir == null
                        ? "the best epoch chosen on the held-out images" : validation.size() + " for validation",
                threads));
        rows.forEach(System.out::println);
        Files.write(out.resolve("summary.txt"), rows);
    }

    private static DetectionAgreement compare(Path teacher, Path student, List<Path> held, int threads)
            throws Exception {
        ComparisonReport c = new ModelComparison(teacher, student).addImages(held).optTimedRuns(0)
                .optCandidateConfidence(CANDIDATES)
                .optThreads(threads).run();
        return c.agreement();
    }

    /** Adds a result line and its agreement class by class (which classes carry the mean), and prints both. */
    private static void report(List<String> rows, String line, DetectionAgreement a) {
        List<String> parts = new ArrayList<>();
        for (DetectionAgreement.ClassAgreement c : a.perClass()) {
            parts.add(String.format(Locale.ROOT, "%s AP %.3f (%d)", c.label(), c.ap(), c.references()));
        }
        String perClass = "    per class: " + String.join(", ", parts);
        rows.add(line);
        rows.add(perClass);
        System.out.println(line + "\n" + perClass);
    }

    private static String detectionsOn(Path model, List<Path> photos) throws Exception {
        int found = 0;
        int withAny = 0;
        try (Detector d = Detector.builder().setModel(model).optThreads(2).build()) {
            for (Path p : photos) {
                List<Detection> ds = d.detect(ImageInput.read(p));
                found += ds.size();
                withAny += ds.isEmpty() ? 0 : 1;
            }
        }
        return String.format(Locale.ROOT, "%d detections, on %d of %d held-out images", found, withAny,
                photos.size());
    }

    private static String row(String what, DetectionAgreement a, double trainerAgreement, double imagesPerSecond) {
        return String.format(Locale.ROOT, "%-34s mAP@0.5 vs teacher (Detector, image pixels) %.4f%s%s", what,
                a.map50(), Double.isNaN(trainerAgreement) ? "" : String.format(Locale.ROOT,
                        "; trainer's validation %.4f", trainerAgreement),
                Double.isNaN(imagesPerSecond) ? "" : String.format(Locale.ROOT, "; %.2f training images/s",
                        imagesPerSecond));
    }

    private static TrainingListener printing(String name) {
        return new TrainingListener() {
            @Override
            public void onStep(int step, int totalSteps, double loss, float learningRate) {
                if (step % 10 == 0 || step == totalSteps) {
                    System.out.printf(Locale.ROOT, "%s step %d/%d loss %.4f lr %.2e%n", name, step, totalSteps, loss,
                            learningRate);
                }
            }

            @Override
            public void onValidation(int epoch, DetectionAgreement agreement, boolean best) {
                System.out.printf(Locale.ROOT, "%s epoch %d: %s%s%n", name, epoch, agreement, best ? " (best)" : "");
            }
        };
    }

    private static List<Path> images(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().matches("(?i).*\\.(jpg|jpeg|png|bmp)$")).sorted().toList();
        }
    }
}
