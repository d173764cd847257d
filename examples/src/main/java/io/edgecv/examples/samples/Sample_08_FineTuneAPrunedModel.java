package io.edgecv.examples.samples;

import io.edgecv.prune.Importance;
import io.edgecv.prune.PruningConfig;
import io.edgecv.prune.PruningReport;
import io.edgecv.prune.Pruners;
import io.edgecv.quantize.DetectionAgreement;
import io.edgecv.train.Distiller;
import io.edgecv.train.TrainingListener;
import io.edgecv.train.TrainingReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Sample 08: prune a detector, then fine-tune the pruned model with the unpruned one as its teacher (knowledge
 * distillation, no labels needed).
 *
 * <p>{@link Pruners} removes a share of the channels (here by weight magnitude, without the photo-driven refit, so
 * the pruned model is clearly damaged). A {@link Distiller} then trains the pruned ONNX model on photos: the
 * teacher (any model a {@code Detector} opens, on any backend) runs on each augmented photo and its raw outputs
 * are the targets. After every epoch the student's detections are scored against the teacher's on held-out photos
 * (mAP@0.5) and the best student is the one written; the {@link TrainingListener} sees every step and every
 * validation. {@code edgecv distill} is the same from the command line, with a progress bar.
 *
 * <h2>How to run</h2>
 * <pre>
 * mvn -B -q -pl examples -am package -DskipTests
 * java -cp examples/target/edgecv.jar io.edgecv.examples.samples.Sample_08_FineTuneAPrunedModel \
 *     ssd_mobilenetv2_oidv4.onnx train-photos/ held-out-photos/
 * </pre>
 *
 * <p>Previous: {@link Sample_07_DeviceOutbox}.
 */
public final class Sample_08_FineTuneAPrunedModel {
    private Sample_08_FineTuneAPrunedModel() {
    }

    /**
     * @param args the teacher ONNX model, a folder of training photos, a folder of held-out photos
     * @throws Exception on any failure
     */
    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("edgecv-sample");
        run(Path.of(args[0]), photos(Path.of(args[1])), photos(Path.of(args[2])), dir, 5, System.out);
    }

    /**
     * Prunes {@code teacher} by 20% (L1, no refit) and fine-tunes the result for {@code epochs} epochs.
     *
     * @return the training report; the student is {@code dir/student.onnx}
     * @throws Exception on any failure
     */
    public static TrainingReport run(Path teacher, List<Path> train, List<Path> held, Path dir, int epochs,
                                     PrintStream out) throws Exception {
        Path pruned = dir.resolve("pruned.onnx");
        PruningReport pr = Pruners.forModel(teacher).prune(teacher, pruned, PruningConfig.builder().optRatio(0.2)
                .optImportance(Importance.L1).optRecovery(false).build());
        out.printf(Locale.ROOT, "pruned: MACs %.2fx fewer%n", pr.macReduction());

        TrainingListener progress = new TrainingListener() {
            @Override
            public void onValidation(int epoch, DetectionAgreement agreement, boolean best) {
                out.printf(Locale.ROOT, "epoch %d: agreement with the teacher %.3f%s%n", epoch, agreement.map50(),
                        best ? " (best)" : "");
            }
        };
        TrainingReport report = Distiller.builder()
                .setTeacher(teacher)                 // frozen; its raw outputs are the targets
                .setStudent(pruned)                  // ONNX, same family and anchors as the teacher
                .setImages(train)                    // unlabelled photos or video frames
                .optValidationImages(held)           // the best epoch by agreement on these is kept
                .optEpochs(epochs)
                .optBatchSize(2)
                .optLearningRate(3e-4f)
                .optThreads(2)
                .build()
                .train(dir.resolve("student.onnx"), progress);
        out.println(report.toText());
        return report;
    }

    private static List<Path> photos(Path dir) throws java.io.IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.toString().matches("(?i).*\\.(jpe?g|png|bmp)$")).sorted().toList();
        }
    }
}
