package io.edgecv.video.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import org.junit.jupiter.api.Test;

/** Raw frames as rpicam-vid and ffmpeg write them. */
class RawFrameSourceTest {
    @Test
    void i420ConvertsWithTheBt601LimitedRangeMatrix() throws Exception {
        // 4x2 frame: Y plane 8 bytes, U and V planes 2x1 each; left half pure red, right half mid grey (BT.601
        // limited range: red = Y 81, U 90, V 240; grey 128 = Y 126, U 128, V 128)
        byte[] frame = {81, 81, 126, 126, 81, 81, 126, 126, 90, (byte) 128, (byte) 240, (byte) 128};
        byte[] two = new byte[frame.length * 2];
        System.arraycopy(frame, 0, two, 0, frame.length);
        System.arraycopy(frame, 0, two, frame.length, frame.length);
        try (RawFrameSource s = new RawFrameSource(new ByteArrayInputStream(two), 4, 2, RawFormat.I420, false, "t")) {
            Frame f = new Frame();
            assertThat(s.read(f)).isTrue();
            byte[] p = f.pixels();
            // red pixel: B, G, R within 2 of (0, 0, 255)
            assertThat(p[0] & 0xFF).isLessThanOrEqualTo(2);
            assertThat(p[1] & 0xFF).isLessThanOrEqualTo(2);
            assertThat(p[2] & 0xFF).isGreaterThanOrEqualTo(253);
            // grey pixel: 128 +- 1 in every channel
            for (int c = 0; c < 3; c++) {
                assertThat(p[2 * 3 + c] & 0xFF).isBetween(127, 129);
            }
            assertThat(f.index()).isEqualTo(0);
            assertThat(s.read(f)).isTrue();
            assertThat(f.index()).isEqualTo(1);
            assertThat(s.read(f)).isFalse();
        }
    }

    @Test
    void rgb24IsSwappedToBgrAndATruncatedFrameIsAnError() throws Exception {
        byte[] data = {10, 20, 30, 40, 50, 60, 1, 2};
        try (RawFrameSource s = new RawFrameSource(new ByteArrayInputStream(data), 2, 1, RawFormat.RGB24, false,
                "pipe")) {
            Frame f = new Frame();
            assertThat(s.read(f)).isTrue();
            assertThat(new byte[] {f.pixels()[0], f.pixels()[1], f.pixels()[2]}).containsExactly(30, 20, 10);
            assertThatThrownBy(() -> s.read(f)).isInstanceOf(EOFException.class)
                    .hasMessageContaining("2 of 6 bytes").hasMessageContaining("2x1");
        }
    }

    @Test
    void badSizesAndFormatsAreRefusedByName() {
        assertThatThrownBy(() -> new RawFrameSource(new ByteArrayInputStream(new byte[0]), 0, 10, RawFormat.BGR24,
                false, "x")).hasMessageContaining("0x10");
        assertThatThrownBy(() -> RawFormat.parse("nv12")).hasMessageContaining("nv12")
                .hasMessageContaining("yuv420");
    }
}
