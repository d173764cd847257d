package io.edgecv.onnx.convert;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.ModelFormat;
import io.edgecv.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The ONNX SSD fixture, which a bare clone builds with this module's converter, is recognised as ONNX by
 * {@link ModelFormat#sniff} from its first bytes. It lives here, not beside edgecv-api's {@code ModelFormatTest},
 * because edgecv-api's tests run before the converter exists on a fresh clone.
 */
class ConvertedSsdFormatTest {
    @Test
    void theConvertedSsdIsSniffedAsOnnx() throws IOException {
        Path ssd = Fixtures.model(Fixtures.SSD_ONNX);
        byte[] head;
        try (InputStream in = Files.newInputStream(ssd)) {
            head = in.readNBytes(ModelFormat.SNIFF_BYTES);
        }
        assertThat(ModelFormat.sniff(head, head.length)).isEqualTo(ModelFormat.ONNX);
        byte[] tflite;
        try (InputStream in = Files.newInputStream(Fixtures.model(Fixtures.SSD_TFLITE))) {
            tflite = in.readNBytes(ModelFormat.SNIFF_BYTES);
        }
        assertThat(ModelFormat.sniff(tflite, tflite.length)).isEqualTo(ModelFormat.TFLITE);
    }
}
