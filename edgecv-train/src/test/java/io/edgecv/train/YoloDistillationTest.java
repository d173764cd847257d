package io.edgecv.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.edgecv.Detection;
import io.edgecv.Detector;
import io.edgecv.ImageInput;
import io.edgecv.quantize.ModelComparison;
import io.edgecv.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Distilling YOLO layouts (one output of boxes in input pixels and class probabilities per cell) on a real network:
 * the fixture SSD re-exported with a YOLOv8 or YOLOv5 head ({@link YoloShapedSsd}) teaches the same network with its
 * prediction heads damaged, re-exported alike (or, for {@code V8_CELLS_FIRST}, with its rows the other way round
 * from the teacher's). The teacher is opened by {@code Detector} as a YOLO model; the student's agreement must
 * rise as in {@link DistillerTest}.
 */
class YoloDistillationTest {
    private static final Logger LOG = LoggerFactory.getLogger(YoloDistillationTest.class);

    @BeforeAll
    static void fixtures() {
        Assumptions.assumeTrue(Fixtures.available(), "the shared fixtures are not beside the checkout");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(YoloShapedSsd.Head.class)
    void aYoloTeacherTeachesADamagedYoloStudent(YoloShapedSsd.Head head, @TempDir Path dir) throws Exception {
        String family = head == YoloShapedSsd.Head.V5 ? "yolov5" : "yolov8";
        ModelProto ssd = ModelProto.parseFrom(Files.readAllBytes(Fixtures.model(Fixtures.SSD_ONNX)));
        Path teacher = YoloShapedSsd.write(dir, "teacher", ssd, head == YoloShapedSsd.Head.V5 ? head
                : YoloShapedSsd.Head.V8); // the cells-first student learns from the channels-first teacher
        Path student = YoloShapedSsd.write(dir, "student", Students.damagedHeads(0.1f), head);
        // the re-exported teacher detects what the SSD detects on dog.jpg, through the YOLO decoder
        try (Detector d = Detector.builder().setModel(teacher).build()) {
            assertThat(d.description().family()).isEqualTo(family);
            List<Detection> found = d.detect(ImageInput.read(Fixtures.image("dog.jpg")));
            assertThat(found).extracting(Detection::label).contains("Dog", "Bicycle", "Car");
        }
        Path out = dir.resolve("trained.onnx");
        TrainingReport r = DistillerTest.shortRun(student).setTeacher(teacher).build().train(out,
                TrainingListener.NONE);
        LOG.info("{} distillation:\n{}", family, r.toText());
        assertThat(r.agreementBefore()).as("the damaged student's agreement").isLessThan(0.3);
        assertThat(r.bestAgreement()).as("agreement after distillation").isGreaterThan(r.agreementBefore() + 0.3);
        // the student's description file and labels are written beside the trained model
        assertThat(dir.resolve("trained.edgecv.properties")).hasSameTextualContentAs(
                dir.resolve("student.edgecv.properties"));
        assertThat(dir.resolve("trained.labels.txt")).content().contains("Dog");
        // independently, both files through Detector, the student's detections down to 0.05 as in the trainer
        double before = new ModelComparison(teacher, student).addImages(Students.photos()).optTimedRuns(0)
                .optCandidateConfidence(0.05f).run().agreement().map50();
        double after = new ModelComparison(teacher, out).addImages(Students.photos()).optTimedRuns(0)
                .optCandidateConfidence(0.05f).run().agreement().map50();
        LOG.info("{}: ModelComparison with the teacher: {} before, {} after", family, before, after);
        assertThat(after).as("the written student's agreement (ModelComparison)").isGreaterThan(before + 0.25);
        OnnxChecker.check(out);
    }

    @Test
    void theDecodingConstantsStayAsExportedWhenNothingElseFreezesThem(@TempDir Path dir) throws Exception {
        ModelProto ssd = ModelProto.parseFrom(Files.readAllBytes(Fixtures.model(Fixtures.SSD_ONNX)));
        Path teacher = YoloShapedSsd.write(dir, "teacher", ssd, YoloShapedSsd.Head.V8);
        Path student = YoloShapedSsd.write(dir, "student", Students.damagedHeads(0.1f), YoloShapedSsd.Head.V8);
        ModelProto before = ModelProto.parseFrom(Files.readAllBytes(student));
        assertThat(DecodeConstants.of(before)).containsExactlyInAnyOrderElementsOf(YoloShapedSsd.DECODING);
        // the user's pattern leaves the heads and the anchors trainable; the anchors must still not move
        Path out = dir.resolve("trained.onnx");
        DistillerTest.shortRun(student).setTeacher(teacher).optEpochs(1)
                .optFrozen(Pattern.compile("(?!BoxPredictor_)(?!(ya|xa|ha|wa|tenth|fifth)$).*")).build()
                .train(out, TrainingListener.NONE);
        ModelProto after = ModelProto.parseFrom(Files.readAllBytes(out));
        int heads = 0;
        for (TensorProto t : after.getGraph().getInitializerList()) {
            TensorProto was = before.getGraph().getInitializerList().stream()
                    .filter(b -> b.getName().equals(t.getName())).findFirst().orElseThrow();
            if (YoloShapedSsd.DECODING.contains(t.getName())) {
                assertThat(values(t)).as("decoding constant " + t.getName()).containsExactly(values(was));
            } else if (t.getName().startsWith("BoxPredictor_") && !t.equals(was)) {
                heads++;
            }
        }
        assertThat(heads).as("head weights the step changed").isGreaterThan(0);
    }

    private static float[] values(TensorProto t) {
        if (t.getRawData().isEmpty()) {
            float[] v = new float[t.getFloatDataCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = t.getFloatData(i);
            }
            return v;
        }
        java.nio.FloatBuffer b = t.getRawData().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer();
        float[] v = new float[b.remaining()];
        b.get(v);
        return v;
    }

    @Test
    void aYoloStudentOfAnSsdTeacherIsRefusedNamingBothFamilies(@TempDir Path dir) throws Exception {
        Path student = YoloShapedSsd.write(dir, "student", Students.damagedHeads(0.1f), YoloShapedSsd.Head.V8);
        assertThatThrownBy(() -> DistillerTest.shortRun(student).build().train(dir.resolve("out.onnx"),
                TrainingListener.NONE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("yolov8").hasMessageContaining("ssd");
    }
}
