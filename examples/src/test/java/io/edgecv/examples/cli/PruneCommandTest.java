package io.edgecv.examples.cli;

import static io.edgecv.examples.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edgecv prune} as a user runs it, on the SSD fixture and real photos. */
class PruneCommandTest {
    @TempDir
    Path dir;

    @Test
    void prunesAndComparesOnOtherPhotos() throws Exception {
        Path eval = Files.createDirectories(dir.resolve("eval"));
        Files.copy(Fixtures.image("dog.jpg"), eval.resolve("dog.jpg"));
        Path out = dir.resolve("ssd-pruned.onnx");
        String[] r = run("prune", "--model", Fixtures.model(Fixtures.SSD_ONNX).toString(), "--out", out.toString(),
                "--ratio", "0.2", "--importance", "l1", "--no-recovery", "--round-to", "8", "--eval", eval.toString(),
                "--threads", "1");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(Files.size(out)).isLessThan(Files.size(Fixtures.model(Fixtures.SSD_ONNX)));
        assertThat(r[1]).contains("STRUCTURED", "MACs:", "left whole:", "output head", "wrote " + out,
                "detect median", "mAP@0.5");
    }

    @Test
    void recoveryWithoutPhotosIsRefusedWithWhatToDo() {
        String[] r = run("prune", "--model", Fixtures.model(Fixtures.SSD_ONNX).toString(), "--out",
                dir.resolve("x.onnx").toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("--calib");
        String[] bad = run("prune", "--model", Fixtures.model(Fixtures.SSD_ONNX).toString(), "--out",
                dir.resolve("x.onnx").toString(), "--mode", "3:4");
        assertThat(bad[0]).isEqualTo("2");
        assertThat(bad[2]).contains("--mode 3:4 is not structured, unstructured or 2:4");
        String[] sens = run("prune", "--model", Fixtures.model(Fixtures.SSD_ONNX).toString(), "--out",
                dir.resolve("x.onnx").toString(), "--no-recovery", "--importance", "l1", "--sensitivity-images", "-1");
        assertThat(sens[0]).isEqualTo("2");
        assertThat(sens[2]).contains("sensitivity images must be 0 to 1000, got -1");
        String[] ridge = run("prune", "--model", Fixtures.model(Fixtures.SSD_ONNX).toString(), "--out",
                dir.resolve("x.onnx").toString(), "--no-recovery", "--importance", "l1", "--ridge", "0");
        assertThat(ridge[0]).isEqualTo("2");
        assertThat(ridge[2]).contains("ridge must be in (0, 1], got 0.0");
        assertThat(dir.resolve("x.onnx")).doesNotExist();
    }
}
