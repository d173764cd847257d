package io.edgecv.video.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.video.VideoFixtures;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** vtest.avi through FFmpeg; missing files and cameras are reported by name. */
class FFmpegSourceTest {
    @Test
    void readsTheVideoAsPackedBgrIntoTheSameBuffer() throws Exception {
        Path video = VideoFixtures.vtest();
        try (FrameSource s = FrameSources.open(video.toString(), null)) {
            assertThat(s.live()).isFalse();
            assertThat(s.width()).isEqualTo(768);
            assertThat(s.height()).isEqualTo(576);
            assertThat(s.frameCount()).isBetween(790L, 800L);
            Frame f = new Frame();
            assertThat(s.read(f)).isTrue();
            byte[] buffer = f.pixels();
            long sum0 = sum(f);
            int frames = 1;
            while (frames < 50 && s.read(f)) {
                frames++;
            }
            assertThat(f.pixels()).isSameAs(buffer);
            assertThat(f.index()).isEqualTo(49);
            // a real picture: mid-grey on average (pedestrians on a paved square), and frames differ
            assertThat(sum0 / (768.0 * 576 * 3)).isBetween(60.0, 200.0);
            assertThat(sum(f)).isNotEqualTo(sum0);
        }
    }

    private static long sum(Frame f) {
        long s = 0;
        for (int i = 0; i < f.width() * f.height() * 3; i++) {
            s += f.pixels()[i] & 0xFF;
        }
        return s;
    }

    @Test
    void missingFilesAndCamerasAreNamed() {
        assertThatThrownBy(() -> FFmpegSource.open("/nonexistent/clip.mp4", 1))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("/nonexistent/clip.mp4");
        assertThatThrownBy(() -> FFmpegSource.open("/dev/video97", 1))
                .isInstanceOf(SourceUnavailableException.class).hasMessageContaining("/dev/video97")
                .hasMessageContaining("v4l2-ctl");
    }
}
