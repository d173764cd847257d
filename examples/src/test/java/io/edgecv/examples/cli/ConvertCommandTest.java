package io.edgecv.examples.cli;

import static io.edgecv.examples.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.edgecv.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code edgecv convert} as a user runs it: the fixture TFLite SSD to ONNX, and the refusals. */
class ConvertCommandTest {
    @TempDir
    Path dir;

    @Test
    void convertsTheSsdToAnOnnxModelWithTheSameNamesAndShapes() throws Exception {
        Path out = dir.resolve("ssd.onnx");
        String[] r = run("convert", "--model", Fixtures.model(Fixtures.SSD_TFLITE).toString(), "--out",
                out.toString());
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains("wrote " + out, "CONV_2D=55", "DEPTHWISE_CONV_2D=17",
                "inputs [normalized_input_image_tensor]");
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(out.toString())) {
            assertThat(s.getInputNames()).containsExactly("normalized_input_image_tensor");
            assertThat(s.getOutputNames()).containsExactly("raw_outputs/box_encodings",
                    "raw_outputs/class_predictions");
            assertThat(((ai.onnxruntime.TensorInfo) s.getInputInfo().get("normalized_input_image_tensor")
                    .getInfo()).getShape()).containsExactly(1, 300, 300, 3);
        }
    }

    @Test
    void nchwOnRequest() throws Exception {
        Path out = dir.resolve("face.onnx");
        String[] r = run("convert", "--model", Fixtures.model(Fixtures.FACE_SHORT_TFLITE).toString(), "--out",
                out.toString(), "--nchw");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(out.toString())) {
            assertThat(((ai.onnxruntime.TensorInfo) s.getInputInfo().get("input").getInfo()).getShape())
                    .containsExactly(1, 3, 128, 128);
        }
    }

    @Test
    void usageErrorsExitWith2AndFailuresWith1() throws Exception {
        String[] missing = run("convert", "--model", dir.resolve("nope.tflite").toString(), "--out",
                dir.resolve("x.onnx").toString());
        assertThat(missing[0]).isEqualTo("1");
        assertThat(missing[2]).startsWith("edgecv: no such file: ").contains("nope.tflite");
        String[] ext = run("convert", "--model", Fixtures.model(Fixtures.SSD_TFLITE).toString(), "--out",
                dir.resolve("x.txt").toString());
        assertThat(ext[0]).isEqualTo("2");
        assertThat(ext[2]).startsWith("edgecv: --out ").contains("x.txt");
        String[] opset = run("convert", "--model", Fixtures.model(Fixtures.SSD_TFLITE).toString(), "--out",
                dir.resolve("x.onnx").toString(), "--opset", "9");
        assertThat(opset[0]).isEqualTo("2");
        assertThat(opset[2]).startsWith("edgecv: --opset: opset 9 is outside 13..21");

        Path notTflite = dir.resolve("photo.tflite");
        Files.copy(Fixtures.image("dog.jpg"), notTflite);
        String[] corrupt = run("convert", "--model", notTflite.toString(), "--out", dir.resolve("y.onnx").toString());
        assertThat(corrupt[0]).isEqualTo("1");
        assertThat(corrupt[2]).startsWith("edgecv: ").contains("photo.tflite", "TFL3");
        assertThat(corrupt[2].strip().lines()).hasSize(1);
        assertThat(dir.resolve("y.onnx")).doesNotExist();

        byte[] truncated = Files.readAllBytes(Fixtures.model(Fixtures.FACE_SHORT_TFLITE));
        Path cut = dir.resolve("cut.tflite");
        Files.write(cut, java.util.Arrays.copyOf(truncated, truncated.length / 3));
        String[] r = run("convert", "--model", cut.toString(), "--out", dir.resolve("z.onnx").toString());
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[2]).startsWith("edgecv: ").contains("cut.tflite");
        assertThat(r[2].strip().lines()).hasSize(1);
    }
}
