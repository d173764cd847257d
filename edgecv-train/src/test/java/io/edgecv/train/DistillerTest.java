package io.edgecv.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.quantize.ModelComparison;
import io.edgecv.quantize.QuantizationConfig;
import io.edgecv.quantize.Quantizers;
import io.edgecv.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A short distillation through the public API: teacher SSD-MobileNetV2 on ONNX Runtime (found through the backend
 * SPI), student the same network with its prediction heads damaged (weights x0.1), heads trainable. A few steps
 * must lower the loss and raise the student's agreement with the teacher (mAP@0.5 on the teacher's detections)
 * well above the damaged student's, by the trainer's validation and by {@link ModelComparison} (both files
 * through {@code Detector}).
 */
class DistillerTest {
    private static final Logger LOG = LoggerFactory.getLogger(DistillerTest.class);
    static final Pattern HEADS_ONLY = Pattern.compile("(?!BoxPredictor_).*");

    @BeforeAll
    static void fixtures() {
        Assumptions.assumeTrue(Fixtures.available(), "the shared fixtures are not beside the checkout");
    }

    static Distiller.Builder shortRun(Path student) {
        return Distiller.builder().setTeacher(Fixtures.model(Fixtures.SSD_ONNX)).setStudent(student)
                .setImages(Students.photos()).optValidationImages(Students.photos()).optFrozen(HEADS_ONLY)
                .optBatchSize(2).optEpochs(6).optLearningRate(1e-2f).optThreads(2)
                .optAugmentation(Distiller.NO_AUGMENTATION); // the same images every epoch: epoch losses compare
    }

    @Test
    void distillationLowersTheLossAndRaisesAgreement(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("trained.onnx");
        Path student = Students.damagedHeadsFile(dir, 0.1f);
        TrainingReport r = shortRun(student).build().train(out, TrainingListener.NONE);
        LOG.info("short distillation:\n{}", r.toText());
        assertThat(r.steps()).isEqualTo(12);
        assertThat(r.epochLosses()).hasSize(6);
        List<Double> l = r.epochLosses();
        assertThat(l.get(5)).as("loss of the last epoch vs the first").isLessThan(l.get(0) * 0.7);
        assertThat(r.agreementBefore()).as("the damaged student's agreement").isLessThan(0.3);
        assertThat(r.bestAgreement()).as("agreement after distillation").isGreaterThan(r.agreementBefore() + 0.3);
        // independently: both files through Detector on ONNX Runtime, detections in image pixels
        double before = new ModelComparison(Fixtures.model(Fixtures.SSD_ONNX), student).addImages(Students.photos())
                .optTimedRuns(0).run().agreement().map50();
        double after = new ModelComparison(Fixtures.model(Fixtures.SSD_ONNX), out).addImages(Students.photos())
                .optTimedRuns(0).run().agreement().map50();
        LOG.info("ModelComparison with the teacher: {} before, {} after", before, after);
        assertThat(after).as("the written student's agreement (ModelComparison)").isGreaterThan(before + 0.2);
        // EdgeCV's quantizer takes the written student; the INT8 model still agrees with the teacher
        Path int8 = dir.resolve("trained-int8.onnx");
        List<Path> calibration = java.util.stream.Stream.of("dog.jpg", "horses.jpg", "person.jpg", "giraffe.jpg",
                "kite.jpg", "eagle.jpg", "astronaut.png", "chelsea.png").map(Fixtures::image).toList();
        Quantizers.forModel(out).quantize(out, int8, QuantizationConfig.builder().optCalibrationImages(calibration)
                .build());
        double quantized = new ModelComparison(Fixtures.model(Fixtures.SSD_ONNX), int8).addImages(Students.photos())
                .optTimedRuns(0).run().agreement().map50();
        LOG.info("INT8 student: agreement {}", quantized);
        assertThat(quantized).as("the INT8 student's agreement").isGreaterThan(before + 0.2);
        OnnxChecker.check(out);
    }

    @Test
    void aTeacherOnTfliteTeachesAnOnnxStudent(@TempDir Path dir) throws Exception {
        Path student = Students.damagedHeadsFile(dir, 0.1f);
        TrainingReport r = shortRun(student).setTeacher(Fixtures.model(Fixtures.SSD_TFLITE)).optTeacherBackend("tflite")
                .optEpochs(4).build().train(dir.resolve("trained.onnx"), TrainingListener.NONE);
        LOG.info("TFLite teacher:\n{}", r.toText());
        assertThat(r.agreementBefore()).isLessThan(0.1);
        assertThat(r.bestAgreement()).as("agreement with the TFLite teacher").isGreaterThan(r.agreementBefore() + 0.3);
    }

    @Test
    void featureHintsTrainBesideTheOutputLoss(@TempDir Path dir) throws Exception {
        // the damaged heads' outputs are feature maps named alike in both graphs, so the hints reach them
        Path student = Students.damagedHeadsFile(dir, 0.1f);
        TrainingReport r = shortRun(student).optFeatureWeight(1f).build().train(dir.resolve("trained.onnx"),
                TrainingListener.NONE);
        LOG.info("with feature hints:\n{}", r.toText());
        assertThat(r.agreementBefore()).isLessThan(0.3);
        assertThat(r.bestAgreement()).as("agreement with feature hints").isGreaterThan(r.agreementBefore() + 0.3);
    }
}
