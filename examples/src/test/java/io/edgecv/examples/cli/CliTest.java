package io.edgecv.examples.cli;

import static io.edgecv.examples.cli.CliRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.testing.Fixtures;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user runs it: detect with an annotated picture and JSON, and the backend list. */
class CliTest {
    @TempDir
    Path dir;

    @Test
    void detectPrintsJsonAndDrawsTheBoxes() throws Exception {
        Path png = dir.resolve("annotated.png");
        String[] r = run("detect", "--model", Fixtures.model(Fixtures.SSD_ONNX).toString(),
                "--image", Fixtures.image("dog.jpg").toString(), "--out", png.toString(), "--json", "--threads", "1");
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r[1]);
        assertThat(json.get("backend").asText()).isEqualTo("onnx");
        assertThat(json.get("width").asInt()).isEqualTo(768);
        assertThat(json.get("height").asInt()).isEqualTo(576);
        var labels = new java.util.ArrayList<String>();
        json.get("detections").forEach(d -> labels.add(d.get("label").asText()));
        assertThat(labels).containsExactlyInAnyOrder("Dog", "Bicycle", "Car");
        var dog = json.get("detections").get(labels.indexOf("Dog"));
        assertThat(dog.get("box").get(0).asDouble()).isBetween(115.0, 135.0); // README: [125, 212, 324, 552]
        assertThat(dog.get("score").asDouble()).isBetween(0.6, 0.8);
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

}
