package io.edgecv.video.output;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.video.VideoFixtures;
import io.edgecv.video.pipeline.DetectionModel;
import io.edgecv.video.pipeline.PipelineStats;
import io.edgecv.video.pipeline.SkipPolicy;
import io.edgecv.video.pipeline.SkipTuning;
import io.edgecv.video.pipeline.VideoPipeline;
import io.edgecv.video.source.FFmpegSource;
import io.edgecv.video.source.Frame;
import io.edgecv.video.source.FrameSource;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** 90 frames of vtest.avi tracked at 1 detection in 3, written as video, JSON lines and MOTChallenge tracks. */
class VideoOutputsTest {
    private static final int FRAMES = 90;

    @TempDir
    Path dir;

    @Test
    void writesAWatchableVideoJsonLinesAndMotTracks() throws Exception {
        Path mp4 = dir.resolve("out.mp4");
        Path json = dir.resolve("frames.jsonl");
        Path mot = dir.resolve("tracks.txt");
        AtomicLong trackBoxes = new AtomicLong();
        try (DetectionModel model = DetectionModel.builder().setModel(VideoFixtures.ssd()).optThreads(1)
                .optConfidence(0.1f).optClasses("Person").build();
             VideoOutputs out = VideoOutputs.builder().optVideo(mp4, 10).optJsonLines(json).optMotTracks(mot)
                     .optThen(r -> trackBoxes.addAndGet(r.tracks().size())).build();
             VideoPipeline p = VideoPipeline.builder()
                     .setSource(FFmpegSource.open(VideoFixtures.vtest().toString(), 1)).setModel(model)
                     .optTracker(SkipTuning.lowScoreDetector(10, 3)).optSkip(SkipPolicy.fixed(3))
                     .optListener(out).optMaxFrames(FRAMES).build()) {
            PipelineStats s = p.run();
            assertThat(s.framesOut()).isEqualTo(FRAMES);
            assertThat(s.detectorCalls()).isEqualTo(FRAMES / 3);
            assertThat(s.detectorCallsSaved()).isEqualTo(FRAMES - FRAMES / 3);
        }
        List<String> lines = Files.readAllLines(json);
        assertThat(lines).hasSize(FRAMES);
        assertThat(lines.get(0)).startsWith("{\"frame\":0,\"detected\":true,");
        assertThat(lines.get(1)).startsWith("{\"frame\":1,\"detected\":false,");
        assertThat(Files.readAllLines(mot)).hasSize((int) trackBoxes.get());
        assertThat(trackBoxes.get()).isGreaterThan(FRAMES);
        // the video decodes again: same size, every frame, and frame 45 carries drawn boxes (saturated pixels
        // that the grey pedestrian scene does not have)
        try (FrameSource back = FFmpegSource.open(mp4.toString(), 1)) {
            Frame f = new Frame();
            int n = 0;
            int saturated = 0;
            while (back.read(f)) {
                if (n == 45) {
                    saturated = saturatedPixels(f);
                    ImageIO.write(toImage(f), "png", dir.resolve("frame45.png").toFile());
                    if (System.getProperty("edgecv.video.keep") != null) {
                        Files.copy(dir.resolve("frame45.png"), Path.of(System.getProperty("edgecv.video.keep")));
                    }
                }
                n++;
            }
            assertThat(n).isEqualTo(FRAMES);
            assertThat(back.width()).isEqualTo(768);
            assertThat(saturated).isGreaterThan(200);
        }
    }

    private static int saturatedPixels(Frame f) {
        int n = 0;
        byte[] p = f.pixels();
        for (int i = 0; i < f.width() * f.height() * 3; i += 3) {
            int b = p[i] & 0xFF;
            int g = p[i + 1] & 0xFF;
            int r = p[i + 2] & 0xFF;
            if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 150) {
                n++;
            }
        }
        return n;
    }

    private static BufferedImage toImage(Frame f) {
        BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        System.arraycopy(f.pixels(), 0, dst, 0, dst.length);
        return img;
    }
}
