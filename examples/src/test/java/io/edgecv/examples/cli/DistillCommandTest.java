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
    void yoloLabelsAreReadMappedOntoTheTeachersClassesAndTrainedOn() throws Exception {
        Path data = Files.createDirectories(dir.resolve("photos"));
        Path labelled = Files.createDirectories(dir.resolve("labelled"));
        Files.copy(Fixtures.image("horses.jpg"), data.resolve("horses.jpg"));
        Files.copy(Fixtures.image("person.jpg"), data.resolve("person.jpg"));
        Files.copy(Fixtures.image("dog.jpg"), labelled.resolve("dog.jpg"));
        // YOLO: class cx cy w h, normalised; the names are the model's labels in another case
        Files.writeString(labelled.resolve("classes.txt"), "dog\nbicycle\n");
        Files.writeString(labelled.resolve("dog.txt"), "0 0.29 0.67 0.26 0.59\n1 0.45 0.53 0.57 0.62\n");
        Path out = dir.resolve("student.onnx");
        String[] r = run("distill", "--teacher", Fixtures.model(Fixtures.SSD_ONNX).toString(), "--student",
                Fixtures.model(Fixtures.SSD_ONNX).toString(), "--data", data.toString(), "--labels",
                labelled.toString(), "--val", data.toString(), "--epochs", "1", "--batch", "3", "--freeze",
                "(?!BoxPredictor_).*", "--out", out.toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[2]).contains("labels: 1 images, 2 boxes (YOLO");
        assertThat(r[1]).contains("distilled 1 steps on 3 training images");
        Files.writeString(labelled.resolve("classes.txt"), "dog\nunicorn\n");
        r = run("distill", "--teacher", Fixtures.model(Fixtures.SSD_ONNX).toString(), "--student",
                Fixtures.model(Fixtures.SSD_ONNX).toString(), "--data", data.toString(), "--labels",
                labelled.toString(), "--out", out.toString());
        assertThat(r[0]).isNotEqualTo("0");
        assertThat(r[2]).contains("unicorn");
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
