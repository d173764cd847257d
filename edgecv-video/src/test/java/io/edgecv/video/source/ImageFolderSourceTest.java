package io.edgecv.video.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An image sequence read in file-name order, as packed BGR, whatever the PNG's own layout. */
class ImageFolderSourceTest {
    @TempDir
    Path dir;

    @Test
    void readsImagesInNameOrderAsBgr() throws Exception {
        write("000002.png", 0x102030, BufferedImage.TYPE_INT_RGB);
        write("000001.png", 0xA0B0C0, BufferedImage.TYPE_3BYTE_BGR);
        Files.writeString(dir.resolve("notes.txt"), "not an image");
        try (FrameSource s = FrameSources.open(dir.toString(), null)) {
            assertThat(s.frameCount()).isEqualTo(2);
            Frame f = new Frame();
            assertThat(s.read(f)).isTrue();
            assertThat(f.index()).isZero();
            assertThat(bgr(f)).containsExactly(0xC0, 0xB0, 0xA0);
            assertThat(s.read(f)).isTrue();
            assertThat(bgr(f)).containsExactly(0x30, 0x20, 0x10);
            assertThat(f.width()).isEqualTo(5);
            assertThat(f.height()).isEqualTo(3);
            assertThat(s.read(f)).isFalse();
        }
    }

    @Test
    void anEmptyFolderIsRefusedByName() {
        assertThatThrownBy(() -> new ImageFolderSource(dir)).isInstanceOf(IOException.class)
                .hasMessageContaining(dir.toString()).hasMessageContaining("no .jpg");
    }

    private void write(String name, int rgb, int type) throws IOException {
        BufferedImage img = new BufferedImage(5, 3, type);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 5; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        ImageIO.write(img, "png", dir.resolve(name).toFile());
    }

    private static int[] bgr(Frame f) {
        byte[] p = f.pixels();
        int last = (f.width() * f.height() - 1) * 3;
        return new int[] {p[last] & 0xFF, p[last + 1] & 0xFF, p[last + 2] & 0xFF};
    }
}
