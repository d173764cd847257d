package io.edgecv.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line as a user runs it: detect with an annotated picture and JSON, and the backend list. */
class CliTest {
    @TempDir
    Path dir;

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = EdgeCvCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void detectPrintsJsonAndDrawsTheBoxes() throws Exception {
        Path png = dir.resolve("annotated.png");
        String[] r = run("detect", "--model", Fixtures.model(Fixtures.SSD_ONNX).toString(),
                "--image", Fixtures.image("dog.jpg").toString(), "--out", png.toString(), "--json", "--threads", "1");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains("\"backend\": \"onnx\"", "\"label\": \"Dog\"", "\"label\": \"Bicycle\"",
                "\"label\": \"Car\"", "\"width\": 768");
        BufferedImage annotated = ImageIO.read(png.toFile());
        assertThat(annotated.getWidth()).isEqualTo(768);
        BufferedImage original = ImageIO.read(Fixtures.image("dog.jpg").toFile());
        // the dog's box edge (left x ~125, y 400) is painted over
        assertThat(annotated.getRGB(126, 400)).isNotEqualTo(original.getRGB(126, 400));
    }

    @Test
    void detectTablePrintsWhatItFound() {
        String[] r = run("detect", "--model", Fixtures.model(Fixtures.SSD_ONNX).toString(),
                "--image", Fixtures.image("chelsea.png").toString(), "--conf", "0.6");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        assertThat(r[1]).contains("chelsea.png", "1 found", "Cat");
    }

    @Test
    void backendsListsOnnxAsAvailable() {
        String[] r = run("backends");
        assertThat(r[0]).isEqualTo("0");
        assertThat(r[1]).containsPattern("onnx\\s+100\\s+\\[ONNX\\]\\s+available");
    }

    @Test
    void failuresAreOneLineThatSaysWhatToDo() {
        String[] r = run("detect", "--model", dir.resolve("missing.onnx").toString(), "--image",
                Fixtures.image("dog.jpg").toString());
        assertThat(r[0]).isEqualTo("1");
        assertThat(r[2]).startsWith("edgecv: model file ").contains("does not exist").doesNotContain("\tat ");
    }

    @Test
    void aMissingImageIsAClearError() {
        String[] r = run("detect", "--model", Fixtures.model(Fixtures.SSD_ONNX).toString(), "--image",
                dir.resolve("missing.jpg").toString());
        assertThat(r[0]).isEqualTo("2");
        assertThat(r[2]).contains("no such image");
    }
}
