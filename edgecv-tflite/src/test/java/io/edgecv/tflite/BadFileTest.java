package io.edgecv.tflite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.Detector;
import io.edgecv.EdgeCvException;
import io.edgecv.InvalidModelException;
import io.edgecv.spi.BackendOptions;
import io.edgecv.spi.ModelSource;
import io.edgecv.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truncated, empty and non-model files are refused with a typed exception that says what is wrong. */
class BadFileTest {
    @TempDir
    Path dir;

    @Test
    void truncatedModelIsRefusedBeforeTfliteReadsIt() throws Exception {
        byte[] full = Files.readAllBytes(Fixtures.model(Fixtures.FACE_SHORT_TFLITE));
        for (int length : new int[] {8, 64, 1000, full.length / 2, full.length - 1}) {
            Path cut = dir.resolve("cut" + length + ".tflite");
            Files.write(cut, Arrays.copyOf(full, length));
            assertThatThrownBy(() -> new TfLiteBackendProvider().open(ModelSource.of(cut), BackendOptions.defaults()))
                    .isInstanceOf(InvalidModelException.class)
                    .hasMessageContaining("cut" + length + ".tflite")
                    .hasMessageContaining("corrupt")
                    .satisfies(e -> assertThat(e.getMessage()).containsAnyOf("outside the file", "past the end"));
        }
    }

    @Test
    void textFileRenamedTfliteIsRefused() throws Exception {
        Path text = dir.resolve("notes.tflite");
        Files.writeString(text, "these are not the weights you are looking for\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new TfLiteBackendProvider().open(ModelSource.of(text), BackendOptions.defaults()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("notes.tflite is not a TFLite model");
        assertThatThrownBy(() -> Detector.builder().setModel(text).optBackend("tflite").build())
                .isInstanceOf(EdgeCvException.class)
                .hasMessageContaining("tflite");
        // a text file that happens to carry the identifier is still refused by the verifier
        Path tricky = dir.resolve("tricky.tflite");
        Files.writeString(tricky, "abcdTFL3 and then some text that is not a flatbuffer", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new TfLiteBackendProvider().open(ModelSource.of(tricky), BackendOptions.defaults()))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("tricky.tflite is corrupt");
    }

    @Test
    void emptyFileIsRefused() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.tflite"));
        assertThatThrownBy(() -> Detector.builder().setModel(empty).optBackend("tflite").build())
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> TfLiteModelVerifier.verify(new byte[0], "nothing"))
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("nothing is 0 bytes, too short");
    }
}
