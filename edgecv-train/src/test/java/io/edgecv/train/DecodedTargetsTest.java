package io.edgecv.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.ImageInput;
import io.edgecv.quantize.ModelComparison;
import io.edgecv.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distillation across layouts by decoded boxes matched by IoU: a teacher of another family (the fixture SSD
 * re-exported with a YOLOv8 head, {@link YoloShapedSsd}, and letterboxed rather than stretched) labels an SSD
 * student with its detections, class names mapped onto the student's. No output of one maps onto the other's.
 */
class DecodedTargetsTest {
    private static final Logger LOG = LoggerFactory.getLogger(DecodedTargetsTest.class);

    @BeforeAll
    static void fixtures() {
        Assumptions.assumeTrue(Fixtures.available(), "the shared fixtures are not beside the checkout");
    }

    @Test
    void aLetterboxedYoloTeacherTeachesAnSsdStudentByItsDecodedBoxes(@TempDir Path dir) throws Exception {
        ModelProto ssd = ModelProto.parseFrom(Files.readAllBytes(Fixtures.model(Fixtures.SSD_ONNX)));
        Path teacher = YoloShapedSsd.write(dir, "teacher", ssd, YoloShapedSsd.Head.V8);
        Path description = dir.resolve("teacher.edgecv.properties");
        Files.writeString(description, Files.readString(description).replace("input.resize = stretch",
                "input.resize = letterbox"));
        try (Detector d = Detector.builder().setModel(teacher).build()) {
            assertThat(d.description().preprocessing().toString()).contains("LETTERBOX");
            List<Detection> found = d.detect(ImageInput.read(Fixtures.image("dog.jpg")));
            LOG.info("letterboxed YOLO-shaped teacher on dog.jpg: {}", found);
            assertThat(found).extracting(Detection::label).contains("Dog");
        }
        Path student = Students.damagedHeadsFile(dir, 0.1f);
        // the fixture's label map (background first) beside the student; the trainer writes it beside its output
        Files.copy(Fixtures.model("object_detection_oidv4_labelmap.txt"), dir.resolve("student.labels.txt"));
        Path out = dir.resolve("trained.onnx");
        TrainingReport r = DistillerTest.shortRun(student).setTeacher(teacher).build().train(out,
                TrainingListener.NONE);
        LOG.info("decoded-box distillation, yolov8 teacher, ssd student:\n{}", r.toText());
        assertThat(r.agreementBefore()).as("the damaged student's agreement").isLessThan(0.3);
        assertThat(r.bestAgreement()).as("agreement after distillation").isGreaterThan(r.agreementBefore() + 0.3);
        // independently, both through Detector: boxes in image pixels, each model with its own preprocessing
        double before = new ModelComparison(teacher, student).addImages(Students.photos()).optTimedRuns(0)
                .optCandidateConfidence(0.05f).run().agreement().map50();
        double after = new ModelComparison(teacher, out).addImages(Students.photos()).optTimedRuns(0)
                .optCandidateConfidence(0.05f).run().agreement().map50();
        LOG.info("ModelComparison with the teacher: {} before, {} after", before, after);
        assertThat(after).as("the written student's agreement (ModelComparison)").isGreaterThan(before + 0.25);
    }

    /** The other refusal, a teacher sharing no class name with the student: {@code DistillerResumeTest}. */
    @Test
    void aBlazeFaceStudentCannotLearnFromDecodedBoxes(@TempDir Path dir) {
        Distiller d = Distiller.builder().setTeacher(Fixtures.model(Fixtures.SSD_ONNX))
                .setStudent(Fixtures.model(Fixtures.FACE_FRONT_ONNX)).setImages(Students.photos()).build();
        assertThatThrownBy(() -> d.train(dir.resolve("x.onnx"), TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs an SSD student with stretch preprocessing");
    }
}
