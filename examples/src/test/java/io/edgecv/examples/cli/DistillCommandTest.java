package io.edgecv.examples.cli;

import static io.edgecv.examples.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.Detector;
import io.edgecv.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edgecv distill} as a user runs it: frames of the fixture video, the fixture SSD as its own teacher. */
class DistillCommandTest {
    @TempDir
    Path dir;

    @Test
    void distilsOnVideoFramesWithAProgressBarAndWritesAStudentDetectorOpens() throws Exception {
        Path out = dir.resolve("student.onnx");
        String[] r = run("distill", "--teacher", Fixtures.model(Fixtures.SSD_ONNX).toString(), "--student",
                Fixtures.model(Fixtures.SSD_ONNX).toString(), "--data", Fixtures.video("vtest.avi").toString(),
                "--every", "50", "--max-frames", "5", "--epochs", "1", "--batch", "2", "--freeze",
                "(?!BoxPredictor_).*", "--out", out.toString(), "--checkpoint", dir.resolve("ckpt").toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[2]).contains("distilling", "loss", "agreement", "epoch 0: agreement with the teacher");
        assertThat(r[1]).contains("distilled 2 steps on 4 training images", "wrote " + out);
        assertThat(dir.resolve("ckpt/state.bin")).exists();
        try (Detector d = Detector.builder().setModel(out).optBackend("onnx").build()) {
            assertThat(d.description().family()).isEqualTo("ssd");
        }
    }

    @Test
    void aStudentOfAnotherFamilyIsRefusedWithWhatDiffers() throws Exception {
        Path data = Files.createDirectories(dir.resolve("photos"));
        Files.copy(Fixtures.image("dog.jpg"), data.resolve("dog.jpg"));
        Files.copy(Fixtures.image("horses.jpg"), data.resolve("horses.jpg"));
        String[] r = run("distill", "--teacher", Fixtures.model(Fixtures.FACE_FRONT_ONNX).toString(), "--student",
                Fixtures.model(Fixtures.SSD_ONNX).toString(), "--data", data.toString(), "--out",
                dir.resolve("x.onnx").toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("the student is a ssd model and the teacher a blazeface model");
    }
}
