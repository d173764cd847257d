package io.edgecv.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.edgecv.quantize.DetectionAgreement;
import io.edgecv.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints: a run stopped after its first epoch and resumed from its checkpoint directory ends with the same
 * weights, history and best student as a run that never stopped (the schedule, the optimiser's moments, the
 * shuffles and the default augmentation all continue). And what is refused.
 */
class DistillerResumeTest {
    @BeforeAll
    static void fixtures() {
        Assumptions.assumeTrue(Fixtures.available(), "the shared fixtures are not beside the checkout");
    }

    @Test
    void resumingContinuesTheScheduleExactly(@TempDir Path dir) throws Exception {
        Path student = Students.damagedHeadsFile(dir, 0.1f);
        Distiller.Builder b = DistillerTest.shortRun(student).optEpochs(3)
                .optAugmentation(DefaultAugmentation.create());
        TrainingReport full = b.optCheckpointDir(dir.resolve("a")).build().train(dir.resolve("full.onnx"),
                TrainingListener.NONE);

        Distiller interrupted = b.optCheckpointDir(dir.resolve("b")).build();
        assertThatThrownBy(() -> interrupted.train(dir.resolve("never.onnx"), new TrainingListener() {
            @Override
            public void onValidation(int epoch, DetectionAgreement agreement, boolean best) {
                if (epoch == 1) {
                    throw new IllegalStateException("stopped after epoch 1");
                }
            }
        })).hasMessage("stopped after epoch 1");
        TrainingReport resumed = interrupted.train(dir.resolve("resumed.onnx"), TrainingListener.NONE);

        assertThat(resumed.resumedAt()).isEqualTo(2);
        assertThat(resumed.steps()).isEqualTo(full.steps()).isEqualTo(6);
        assertThat(resumed.epochLosses()).hasSize(3);
        for (int e = 0; e < 3; e++) {
            assertThat(resumed.epochLosses().get(e)).isCloseTo(full.epochLosses().get(e),
                    org.assertj.core.api.Assertions.within(1e-4));
        }
        assertThat(resumed.agreements()).isEqualTo(full.agreements());
        assertThat(resumed.bestEpoch()).isEqualTo(full.bestEpoch());
        assertThat(maxDifference(dir.resolve("a/student.onnx"), dir.resolve("b/student.onnx")))
                .as("largest weight difference, resumed vs uninterrupted").isLessThan(1e-5);
        assertThat(maxDifference(dir.resolve("full.onnx"), dir.resolve("resumed.onnx"))).isLessThan(1e-5);
        assertThat(maxDifference(student, dir.resolve("a/student.onnx"))).as("training changed the weights")
                .isGreaterThan(1e-3);
    }

    @Test
    void aCheckpointOfAnotherScheduleIsRefused(@TempDir Path dir) throws Exception {
        Path student = Students.damagedHeadsFile(dir, 0.1f);
        Distiller.Builder b = DistillerTest.shortRun(student).optEpochs(1).optCheckpointDir(dir.resolve("c"));
        b.build().train(dir.resolve("one.onnx"), TrainingListener.NONE);
        assertThatThrownBy(() -> b.optEpochs(2).build().train(dir.resolve("two.onnx"), TrainingListener.NONE))
                .hasMessageContaining("schedule of 2 steps").hasMessageContaining("another checkpoint directory");
    }

    @Test
    void aStudentOfAnotherFamilyIsRefused(@TempDir Path dir) {
        Distiller d = Distiller.builder().setTeacher(Fixtures.model(Fixtures.FACE_FRONT_ONNX))
                .setStudent(Fixtures.model(Fixtures.SSD_ONNX)).setImages(Students.photos()).build();
        assertThatThrownBy(() -> d.train(dir.resolve("x.onnx"), TrainingListener.NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the student is a ssd model and the teacher a blazeface model")
                .hasMessageContaining("none of the teacher's classes"); // so no decoded boxes label it either
        assertThat(dir.resolve("x.onnx")).doesNotExist();
    }

    @Test
    void settingsAreCheckedWhenSet(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Distiller.builder().setStudent(dir.resolve("missing.onnx")))
                .hasMessageContaining("missing.onnx is not a file");
        assertThatThrownBy(() -> Distiller.builder().optEpochs(0)).hasMessageContaining("epochs 0");
        assertThatThrownBy(() -> Distiller.builder().optSoftTargets(1.5f, 2)).hasMessageContaining("alpha 1.5");
        assertThatThrownBy(() -> Distiller.builder().setImages(java.util.List.of(Fixtures.image("dog.jpg"))))
                .hasMessageContaining("at least 2");
        assertThatThrownBy(() -> Distiller.builder().build()).isInstanceOf(IllegalStateException.class);
        Distiller tooFew = Distiller.builder().setTeacher(Fixtures.model(Fixtures.SSD_ONNX))
                .setStudent(Fixtures.model(Fixtures.SSD_ONNX)).setImages(Students.photos()).build();
        assertThatThrownBy(() -> tooFew.train(dir.resolve("z.onnx"), TrainingListener.NONE))
                .hasMessageContaining("hold out none for validation");
        Path student = Students.damagedHeadsFile(dir, 1f);
        Distiller frozen = DistillerTest.shortRun(student).optFrozen(Pattern.compile(".*")).build();
        assertThatThrownBy(() -> frozen.train(dir.resolve("y.onnx"), TrainingListener.NONE))
                .hasMessageContaining("nothing to train");
    }

    private static double maxDifference(Path a, Path b) throws Exception {
        ModelProto ma = ModelProto.parseFrom(Files.readAllBytes(a));
        ModelProto mb = ModelProto.parseFrom(Files.readAllBytes(b));
        double max = 0;
        for (int k = 0; k < ma.getGraph().getInitializerCount(); k++) {
            TensorProto ta = ma.getGraph().getInitializer(k);
            TensorProto tb = mb.getGraph().getInitializer(k);
            if (ta.getDataType() != TensorProto.DataType.FLOAT_VALUE || !ta.hasRawData()) {
                continue;
            }
            ByteBuffer x = ta.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer y = tb.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < x.remaining() / 4; i++) {
                max = Math.max(max, Math.abs(x.getFloat(i * 4) - y.getFloat(i * 4)));
            }
        }
        return max;
    }
}
