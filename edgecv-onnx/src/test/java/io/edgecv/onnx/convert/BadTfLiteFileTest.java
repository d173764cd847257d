package io.edgecv.onnx.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are not well-formed TFLite models: each gives one typed exception naming the problem
 * ({@link TfLiteFormatException}, or {@link UnsupportedModelException} for a structurally valid file whose graph
 * does not hold together), never another exception, and no output file.
 */
class BadTfLiteFileTest {
    @TempDir
    Path dir;

    @Test
    void aPhotoIsNotAModel() throws Exception {
        Path photo = dir.resolve("dog.tflite");
        Files.copy(Fixtures.image("dog.jpg"), photo);
        Path out = dir.resolve("dog.onnx");
        assertThatThrownBy(() -> TfLiteToOnnx.convert(photo, out)).isInstanceOf(TfLiteFormatException.class)
                .hasMessageContaining("dog.tflite").hasMessageContaining("TFL3");
        assertThat(out).doesNotExist();
    }

    @Test
    void theInputIsNotOverwritten() throws Exception {
        Path model = Fixtures.model(Fixtures.FACE_SHORT_TFLITE);
        assertThatThrownBy(() -> TfLiteToOnnx.convert(model, model)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is the input model");
    }

    @Test
    void truncatedFilesAreRefused() throws Exception {
        byte[] model = Files.readAllBytes(Fixtures.model(Fixtures.FACE_SHORT_TFLITE));
        for (int i = 1; i < 40; i++) {
            int length = (int) ((long) model.length * i / 40);
            assertRefusedOrConverted(Arrays.copyOf(model, length), "cut at " + length, false);
        }
    }

    /** Random bytes overwritten: either still a model (weights changed) or a typed refusal. */
    @Test
    void corruptedFilesGiveTypedExceptionsOnly() throws Exception {
        byte[] model = Files.readAllBytes(Fixtures.model(Fixtures.FACE_SHORT_TFLITE));
        Random random = new Random(11);
        int refused = 0;
        for (int round = 0; round < 150; round++) {
            byte[] bad = model.clone();
            for (int k = 0; k < 6; k++) {
                // the flatbuffer's tables sit in the last few kilobytes and the first; weights fill the middle
                int at = random.nextBoolean() ? random.nextInt(4096) : bad.length - 1 - random.nextInt(16384);
                bad[at] = (byte) random.nextInt(256);
            }
            refused += assertRefusedOrConverted(bad, "round " + round, true) ? 1 : 0;
        }
        assertThat(refused).as("corrupted files refused").isGreaterThan(20);
    }

    /** @return whether the file was refused */
    private boolean assertRefusedOrConverted(byte[] bytes, String what, boolean mayConvert) throws IOException {
        Path in = dir.resolve("bad.tflite");
        Path out = dir.resolve("bad.onnx");
        Files.deleteIfExists(out);
        Files.write(in, bytes);
        try {
            TfLiteToOnnx.convert(in, out);
        } catch (TfLiteFormatException | UnsupportedModelException e) {
            assertThat(e.getMessage()).as(what).contains("bad.tflite").doesNotContain("\n");
            assertThat(out).as(what).doesNotExist();
            return true;
        } catch (Exception | Error e) {
            throw new AssertionError(what + ": untyped failure " + e, e);
        }
        assertThat(mayConvert).as(what + " converted").isTrue();
        return false;
    }
}
