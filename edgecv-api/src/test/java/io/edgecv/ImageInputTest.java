package io.edgecv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageInputTest {
    @TempDir
    Path dir;

    @Test
    void emptyImagesAreRefused() {
        assertThatThrownBy(() -> ImageInput.ofPacked(new byte[0], 0, 0, PixelFormat.RGB))
                .isInstanceOf(InvalidImageException.class).hasMessageContaining("0x0")
                .hasMessageContaining("at least 1 pixel");
    }

    @Test
    void hugeImagesAreRefusedBeforeAnyPixelIsTouched() {
        assertThatThrownBy(() -> ImageInput.ofPacked(new byte[3], 20000, 20000, PixelFormat.RGB))
                .isInstanceOf(InvalidImageException.class).hasMessageContaining("20000x20000")
                .hasMessageContaining("downscale");
    }

    @Test
    void shortPackedBytesSayHowManyWereNeeded() {
        assertThatThrownBy(() -> ImageInput.ofPacked(new byte[640 * 480 * 3 - 1], 640, 480, PixelFormat.RGB))
                .isInstanceOf(InvalidImageException.class).hasMessageContaining("needs 921600 bytes")
                .hasMessageContaining("holds 921599");
        assertThatThrownBy(() -> ImageInput.ofPacked(new byte[100], 0, 10, 10, 20, PixelFormat.BGRA))
                .isInstanceOf(InvalidImageException.class).hasMessageContaining("rowStride 20");
    }

    @Test
    void aPngDeclaring20000x20000IsRefusedFromItsHeader() throws IOException {
        Path png = dir.resolve("bomb.png");
        Files.write(png, pngHeader(20000, 20000));
        assertThatThrownBy(() -> ImageInput.read(png)).isInstanceOf(InvalidImageException.class)
                .hasMessageContaining("20000x20000").hasMessageStartingWith(png.toString());
    }

    @Test
    void aTruncatedJpegIsRefusedNotDetectedOnHalfAPicture() throws IOException {
        byte[] whole = Files.readAllBytes(io.edgecv.testing.Fixtures.image("dog.jpg"));
        Path half = dir.resolve("half.jpg");
        Files.write(half, java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> ImageInput.read(half)).isInstanceOf(InvalidImageException.class)
                .hasMessageStartingWith(half.toString()).hasMessageContaining("truncated");
        // only the end marker missing: still a damaged file
        Path noEnd = dir.resolve("no-eoi.jpg");
        Files.write(noEnd, java.util.Arrays.copyOf(whole, whole.length - 2));
        assertThatThrownBy(() -> ImageInput.read(noEnd)).isInstanceOf(InvalidImageException.class)
                .hasMessageContaining("EOI");
        // and the whole file reads
        assertThat(ImageInput.read(io.edgecv.testing.Fixtures.image("dog.jpg")).width()).isEqualTo(768);
    }

    @Test
    void aTextFileIsNotAPicture() throws IOException {
        Path txt = dir.resolve("photo.jpg");
        Files.writeString(txt, "not a picture");
        assertThatThrownBy(() -> ImageInput.read(txt)).isInstanceOf(InvalidImageException.class)
                .hasMessageContaining("not a picture");
    }

    @Test
    void aMissingFileIsAnIoError() {
        assertThatThrownBy(() -> ImageInput.read(dir.resolve("nope.png")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    @Test
    void wrapsBytesWithoutCopying() {
        byte[] px = new byte[12];
        ImageInput in = ImageInput.ofPacked(px, 2, 2, PixelFormat.RGB);
        assertThat(in.bytes()).isSameAs(px);
        assertThat(in.width()).isEqualTo(2);
        assertThat(in.rowStride()).isEqualTo(6);
    }

    /** PNG signature and an IHDR chunk (8-bit RGB), with no image data. */
    private static byte[] pngHeader(int w, int h) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream chunk = new ByteArrayOutputStream();
        DataOutputStream c = new DataOutputStream(chunk);
        c.write("IHDR".getBytes(StandardCharsets.US_ASCII));
        c.writeInt(w);
        c.writeInt(h);
        c.write(new byte[] {8, 2, 0, 0, 0});
        byte[] data = chunk.toByteArray();
        out.writeInt(data.length - 4);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(data);
        out.writeInt((int) crc.getValue());
        return bytes.toByteArray();
    }
}
