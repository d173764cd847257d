package io.edgecv.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input of {@code edgecv detect} gives one line on stderr, starting with {@code edgecv:} and naming the
 * file, and the documented exit code: 2 for a command line that is wrong, 1 for a command that failed.
 */
class CliInputTest {
    @TempDir
    Path dir;

    private static Result run(String... args) {
        String[] r = CliRun.run(args);
        return new Result(Integer.parseInt(r[0]), r[1], r[2]);
    }

    private record Result(int code, String out, String err) {
        /** The single line of stderr, checked to be one line starting with "edgecv: ". */
        String line() {
            assertThat(err.strip().lines().count()).as("stderr: %s", err).isEqualTo(1);
            assertThat(err).as("stderr").startsWith("edgecv: ").doesNotContain("\tat ");
            return err.strip();
        }
    }

    private static String ssd() {
        return Fixtures.model(Fixtures.SSD_ONNX).toString();
    }

    @Test
    void aPngDeclaring20000x20000IsRefusedFromItsHeader() throws IOException {
        Path bomb = dir.resolve("bomb.png");
        Files.write(bomb, pngHeader(20000, 20000));
        Result r = run("detect", "--model", ssd(), "--image", bomb.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.line()).contains(bomb.toString(), "20000x20000", "16384");
    }

    @Test
    void aTruncatedJpegIsRefusedNotDetectedOnHalfAPicture() throws IOException {
        byte[] dog = Files.readAllBytes(Fixtures.image("dog.jpg"));
        Path half = dir.resolve("half.jpg");
        Files.write(half, Arrays.copyOf(dog, dog.length / 2));
        assertThat(ImageIO.read(half.toFile())).as("ImageIO alone decodes it silently").isNotNull();
        Result r = run("detect", "--model", ssd(), "--image", half.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.line()).contains(half.toString(), "truncated");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aMissingImageNamesTheFile() {
        Path missing = dir.resolve("missing.jpg");
        Result r = run("detect", "--model", ssd(), "--image", missing.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.line()).isEqualTo("edgecv: no such image: " + missing);
    }

    @Test
    void aTextFileIsNotAPictureAndSaysWhich() throws IOException {
        Path txt = dir.resolve("notes.jpg");
        Files.writeString(txt, "not a picture");
        Result r = run("detect", "--model", ssd(), "--image", txt.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.line()).contains(txt.toString(), "not a picture");
    }

    @Test
    void aMissingModelNamesTheFile() {
        Path missing = dir.resolve("missing.onnx");
        Result r = run("detect", "--model", missing.toString(), "--image", Fixtures.image("dog.jpg").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.line()).contains(missing.toString());
    }

    @Test
    void outWritesTheFormatItsExtensionNames() throws IOException {
        for (String ext : new String[] {"png", "jpg", "bmp", "gif"}) {
            Path out = dir.resolve("annotated." + ext);
            Result r = run("detect", "--model", ssd(), "--image", Fixtures.image("dog.jpg").toString(), "--out",
                    out.toString());
            assertThat(r.code()).as(r.err()).isZero();
            try (var in = ImageIO.createImageInputStream(out.toFile())) {
                String format = ImageIO.getImageReaders(in).next().getFormatName().toLowerCase();
                assertThat(format).as(out.toString()).isEqualTo(ext.equals("jpg") ? "jpeg" : ext);
            }
        }
    }

    @Test
    void anOutExtensionNothingCanWriteIsAUsageErrorBeforeAnyWork() {
        Path out = dir.resolve("annotated.webp");
        Result r = run("detect", "--model", ssd(), "--image", Fixtures.image("dog.jpg").toString(), "--out",
                out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.line()).contains(out.toString(), ".webp");
        assertThat(r.out()).as("refused before detecting").isEmpty();
        assertThat(out).doesNotExist();
    }

    @Test
    void anOutInAFolderThatCannotBeMadeIsAFailureNamingIt() throws IOException {
        Path file = Files.writeString(dir.resolve("plain-file"), "x");
        Path out = file.resolve("annotated.png");
        Result r = run("detect", "--model", ssd(), "--image", Fixtures.image("dog.jpg").toString(), "--out",
                out.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("edgecv: ").contains(out.toString());
    }

    @Test
    void usageErrorsAreOneLineWithExitCode2() {
        Result unknown = run("detect", "--no-such-flag");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.line()).contains("--no-such-flag", "edgecv detect --help");

        Result notANumber = run("detect", "--conf", "high");
        assertThat(notANumber.code()).isEqualTo(2);
        assertThat(notANumber.line()).contains("--conf", "high");

        Result outOfRange = run("detect", "--conf", "1.5", "--model", ssd());
        assertThat(outOfRange.code()).isEqualTo(2);
        assertThat(outOfRange.line()).isEqualTo("edgecv: --conf must be in [0, 1], got 1.5");

        Result noCommand = run("nonsense");
        assertThat(noCommand.code()).isEqualTo(2);
        assertThat(noCommand.line()).contains("nonsense");
    }

    @Test
    void askingForABackendThatDoesNotOpenTheFormatNamesTheOneThatDoes() {
        Result r = run("detect", "--model", Fixtures.model(Fixtures.SSD_TFLITE).toString(), "--image",
                Fixtures.image("dog.jpg").toString(), "--backend", "onnx");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.line()).contains("backend 'onnx' opens [ONNX], not TFLITE models", "backend 'tflite'")
                .doesNotContain("add io.edgecv:edgecv-tflite");
    }

    @Test
    void libraryWarningsAreEdgecvLinesToo() {
        java.io.PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            org.slf4j.LoggerFactory.getLogger("io.edgecv.SomeClass").warn("model.onnx: something to know");
            org.slf4j.LoggerFactory.getLogger("io.edgecv.SomeClass").info("not shown by default");
        } finally {
            System.setErr(saved);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8).strip())
                .isEqualTo("edgecv: WARN model.onnx: something to know");
    }

    /** A PNG signature and IHDR chunk declaring the given size, with no pixel data. */
    static byte[] pngHeader(int width, int height) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(b);
        d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        DataOutputStream c = new DataOutputStream(chunk);
        c.write("IHDR".getBytes(StandardCharsets.US_ASCII));
        c.writeInt(width);
        c.writeInt(height);
        c.write(new byte[] {8, 2, 0, 0, 0}); // 8-bit RGB
        byte[] body = chunk.toByteArray();
        d.writeInt(body.length - 4);
        d.write(body);
        CRC32 crc = new CRC32();
        crc.update(body);
        d.writeInt((int) crc.getValue());
        return b.toByteArray();
    }
}
