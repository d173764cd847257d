package io.edgecv;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ModelFormatTest {
    private static ModelFormat sniff(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] head = in.readNBytes(ModelFormat.SNIFF_BYTES);
            return ModelFormat.sniff(head, head.length);
        }
    }

    private static ModelFormat sniff(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return ModelFormat.sniff(b, b.length);
    }

    @Test
    void recognisesTheFixtureModelsFromTheirBytes() throws IOException {
        assertThat(sniff(Fixtures.model(Fixtures.FACE_FRONT_ONNX))).isEqualTo(ModelFormat.ONNX);
        assertThat(sniff(Fixtures.model(Fixtures.FACE_BACK_ONNX))).isEqualTo(ModelFormat.ONNX);
        assertThat(sniff(Fixtures.model(Fixtures.SSD_TFLITE))).isEqualTo(ModelFormat.TFLITE);
        assertThat(sniff(Fixtures.model(Fixtures.FACE_SHORT_TFLITE))).isEqualTo(ModelFormat.TFLITE);
        assertThat(sniff(Fixtures.model(Fixtures.FACE_FULL_TFLITE))).isEqualTo(ModelFormat.TFLITE);
    }

    // The converted ONNX SSD is checked in edgecv-onnx (ConvertedSsdFormatTest): on a bare clone it is built by
    // edgecv-onnx's converter, which is not on this module's class path.

    @Test
    void recognisesNcnnParamAndTensorRtPlanMagic() {
        assertThat(sniff("7767517\n3 3\nInput data 0 1 data\n")).isEqualTo(ModelFormat.NCNN);
        byte[] plan = {0, 0, 0, 0, 'f', 't', 'r', 't', 1, 2, 3, 4};
        assertThat(ModelFormat.sniff(plan, plan.length)).isEqualTo(ModelFormat.TENSORRT);
    }

    @Test
    void textAndEmptyInputsAreUnknown() {
        assertThat(sniff("hello, I am a text file renamed to .onnx")).isEqualTo(ModelFormat.UNKNOWN);
        assertThat(sniff("{\"json\": true}")).isEqualTo(ModelFormat.UNKNOWN);
        assertThat(sniff("\"quoted text that goes on for a long while\"")).isEqualTo(ModelFormat.UNKNOWN);
        assertThat(ModelFormat.sniff(new byte[0], 0)).isEqualTo(ModelFormat.UNKNOWN);
    }
}
