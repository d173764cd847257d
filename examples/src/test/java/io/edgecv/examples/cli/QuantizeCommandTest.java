package io.edgecv.examples.cli;

import static io.edgecv.examples.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edgecv quantize} as a user runs it, on the SSD fixture and real photos. */
class QuantizeCommandTest {
    @TempDir
    Path dir;

    private Path folder(String name, String... photos) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        for (String p : photos) {
            Files.copy(Fixtures.image(p), d.resolve(p));
        }
        return d;
    }

    @Test
    void quantizesWithAProgressBarAndComparesOnOtherPhotos() throws Exception {
        Path calib = folder("calib", "astronaut.png", "coffee.png", "horses.jpg", "messi5.jpg");
        Path eval = folder("eval", "dog.jpg", "person.jpg");
        Path out = dir.resolve("ssd-int8.onnx");
        String[] r = run("quantize", "--model", Fixtures.model(Fixtures.SSD_ONNX).toString(), "--calib",
                calib.toString(), "--out", out.toString(), "--method", "percentile", "--eval", eval.toString(),
                "--threads", "1");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(Files.size(out)).isLessThan(Files.size(Fixtures.model(Fixtures.SSD_ONNX)) / 3);
        assertThat(r[2]).contains("calibrating pass 1/2", "calibrating pass 2/2", "4/4");
        assertThat(r[1]).contains("STATIC_INT8", "calibration PERCENTILE", "x smaller", "Conv", "wrote " + out,
                "file size", "detect median", "mAP@0.5");
    }

    @Test
    void theQuantizedModelGetsTheLabelsAndNormalPermissions() throws Exception {
        Path out = Files.createDirectories(dir.resolve("elsewhere")).resolve("ssd-dynamic.onnx");
        String[] r = run("quantize", "--model", Fixtures.model(Fixtures.SSD_ONNX).toString(), "--out",
                out.toString(), "--mode", "dynamic", "--threads", "1");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        Path labels = dir.resolve("elsewhere/ssd-dynamic.labels.txt");
        assertThat(r[1]).contains("wrote " + labels);
        assertThat(Files.readAllLines(labels)).isEqualTo(Files.readAllLines(Fixtures.model(Fixtures.SSD_ONNX)
                .resolveSibling("object_detection_oidv4_labelmap.txt")).stream().filter(l -> !l.isBlank())
                .collect(java.util.stream.Collectors.toList()));
        if (Files.getFileStore(out).supportsFileAttributeView("posix")) {
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
                    .isEqualTo("rw-r--r--");
            assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(labels)))
                    .isEqualTo("rw-r--r--");
        }
        // the quantized model names what it finds, as the original does
        String[] d = run("detect", "--model", out.toString(), "--image", Fixtures.image("dog.jpg").toString(),
                "--threads", "1");
        assertThat(d[0]).as(d[2]).isEqualTo("0");
        assertThat(d[1]).contains("Dog").doesNotContain("class 20");
    }

    @Test
    void fp16NeedsNoPhotosButStaticInt8Does() throws Exception {
        Path out = dir.resolve("ssd-fp16.onnx");
        String[] r = run("quantize", "--model", Fixtures.model(Fixtures.SSD_ONNX).toString(), "--out",
                out.toString(), "--mode", "fp16");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains("FP16", "1.99x smaller");
        String[] bad = run("quantize", "--model", Fixtures.model(Fixtures.SSD_ONNX).toString(), "--out",
                dir.resolve("x.onnx").toString());
        assertThat(bad[0]).isEqualTo("2");
        assertThat(bad[2]).startsWith("edgecv: ").contains("needs calibration images", "--calib",
                "--mode dynamic").doesNotContain("optCalibrationImages", "DYNAMIC_INT8");
        assertThat(dir.resolve("x.onnx")).doesNotExist();
        String[] mode = run("quantize", "--model", Fixtures.model(Fixtures.SSD_ONNX).toString(), "--out",
                dir.resolve("x.onnx").toString(), "--mode", "int4");
        assertThat(mode[0]).isEqualTo("2");
        assertThat(mode[2]).contains("--mode int4 is not int8, dynamic or fp16");
    }
}
