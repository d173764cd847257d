package io.edgecv.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.BackendUnavailableException;
import io.edgecv.Detector;
import io.edgecv.ImageInput;
import io.edgecv.InvalidImageException;
import io.edgecv.InvalidModelException;
import io.edgecv.PixelFormat;
import io.edgecv.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad models, bad images and bad settings give typed exceptions that say what to do; none crashes the JVM. */
class BadInputTest {
    @TempDir
    Path dir;

    @Test
    void truncatedModel() throws Exception {
        byte[] full = Files.readAllBytes(Fixtures.model(Fixtures.SSD_ONNX));
        Path cut = dir.resolve("cut.onnx");
        Files.write(cut, Arrays.copyOf(full, full.length / 3));
        assertThatThrownBy(() -> Detector.builder().setModel(cut).build())
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("cut.onnx").hasMessageContaining("export or download it again");
    }

    @Test
    void textFileRenamedOnnx() throws Exception {
        Path txt = dir.resolve("model.onnx");
        Files.writeString(txt, "this is not a model, just some notes I saved with the wrong name\n");
        assertThatThrownBy(() -> Detector.builder().setModel(txt).build())
                .isInstanceOf(InvalidModelException.class)
                .hasMessageContaining("model.onnx is not a model EdgeCV recognises")
                .hasMessageContaining("not truncated");
    }

    @Test
    void emptyAndMissingModelFiles() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.onnx"));
        assertThatThrownBy(() -> Detector.builder().setModel(empty).build())
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("is empty");
        assertThatThrownBy(() -> Detector.builder().setModel(dir.resolve("nope.onnx")).build())
                .isInstanceOf(InvalidModelException.class).hasMessageContaining("does not exist");
    }

    @Test
    void randomlyCorruptedModelsAreRejectedCleanly() throws Exception {
        byte[] full = Files.readAllBytes(Fixtures.model(Fixtures.FACE_FRONT_ONNX));
        Random random = new Random(42);
        int rejected = 0;
        for (int i = 0; i < 20; i++) {
            byte[] bad = full.clone();
            for (int k = 0; k < 40; k++) {
                bad[random.nextInt(Math.min(bad.length, 4096))] = (byte) random.nextInt();
            }
            try (Detector d = Detector.builder().setModel(bad, "mutant-" + i + ".onnx").build()) {
                d.detect(ImageInput.ofPacked(new byte[64 * 48 * 3], 64, 48, PixelFormat.RGB));
            } catch (io.edgecv.EdgeCvException e) {
                assertThat(e.getMessage()).isNotBlank();
                rejected++;
            }
        }
        assertThat(rejected).as("mutations in the graph header must mostly be caught").isGreaterThan(0);
    }

    @Test
    void unknownBackendNameListsTheBackendsFound() {
        Path ssd = Fixtures.model(Fixtures.SSD_ONNX); // before the lambda: a missing fixture skips, not fails
        assertThatThrownBy(() -> Detector.builder().setModel(ssd)
                .optBackend("tensorflow").build())
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("no backend named 'tensorflow'").hasMessageContaining("onnx [ONNX]");
    }

    @Test
    void missingExecutionProviderSaysWhichArtifactHasIt() {
        Path ssd = Fixtures.model(Fixtures.SSD_ONNX); // before the lambda: a missing fixture skips, not fails
        assertThatThrownBy(() -> Detector.builder().setModel(ssd)
                .optBackendProperty("onnx.providers", "CUDA,CPU").build())
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("CUDA").hasMessageContaining("onnxruntime_gpu");
        assertThatThrownBy(() -> Detector.builder().setModel(ssd)
                .optBackendProperty("onnx.providers", "WARP_DRIVE").build())
                .isInstanceOf(BackendUnavailableException.class).hasMessageContaining("WARP_DRIVE");
    }

    @Test
    void badImagesAndSettings() throws Exception {
        assertThatThrownBy(() -> ImageInput.ofPacked(new byte[0], 0, 0, PixelFormat.RGB))
                .isInstanceOf(InvalidImageException.class);
        assertThatThrownBy(() -> ImageInput.ofPacked(new byte[30], 20000, 20000, PixelFormat.BGR))
                .isInstanceOf(InvalidImageException.class).hasMessageContaining("20000x20000");
        assertThatThrownBy(() -> ImageInput.ofPacked(new byte[100], 10, 10, PixelFormat.RGB))
                .isInstanceOf(InvalidImageException.class).hasMessageContaining("needs 300 bytes");
        assertThatThrownBy(() -> Detector.builder().optConfidence(1.5f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
        assertThatThrownBy(() -> Detector.builder().optThreads(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> Detector.builder().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("setModel");
    }

    @Test
    void closedDetectorsRefuseWorkAndCloseTwiceSafely() throws Exception {
        Detector d = Detector.builder().setModel(Fixtures.model(Fixtures.FACE_FRONT_ONNX)).build();
        d.close();
        d.close();
        assertThatThrownBy(() -> d.detect(ImageInput.ofPacked(new byte[3], 1, 1, PixelFormat.RGB)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void tinyAndExtremeAspectImagesStillWork() throws Exception {
        try (Detector d = Detector.builder().setModel(Fixtures.model(Fixtures.SSD_ONNX)).build()) {
            assertThat(d.detect(ImageInput.ofPacked(new byte[3], 1, 1, PixelFormat.RGB))).isEmpty();
            assertThat(d.detect(ImageInput.ofPacked(new byte[16384 * 3], 16384, 1, PixelFormat.RGB))).isEmpty();
        }
    }
}
