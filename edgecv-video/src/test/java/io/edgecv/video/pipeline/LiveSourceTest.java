package io.edgecv.video.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgecv.video.VideoFixtures;
import io.edgecv.video.source.FFmpegSource;
import io.edgecv.video.source.Frame;
import io.edgecv.video.source.FrameSource;
import io.edgecv.video.source.LatestFrameSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A camera faster than the detector: vtest.avi replayed at 100 fps through the latest-frame mailbox into a
 * pipeline that detects every frame. Frames the detector cannot take are dropped and counted, every frame taken
 * gets its result, and latency does not grow with time.
 */
class LiveSourceTest {
    /** vtest.avi at a fixed 100 fps, like a camera that does not wait for its reader. */
    private static final class ReplayCamera implements FrameSource {
        private final FFmpegSource file;
        private long next;

        ReplayCamera(FFmpegSource file) {
            this.file = file;
        }

        @Override
        public boolean read(Frame frame) throws IOException {
            long due = System.nanoTime() + 10_000_000L;
            if (!file.read(frame)) {
                return false;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    throw new IOException("interrupted", e);
                }
            }
            frame.stamp(next++, System.nanoTime());
            return true;
        }

        @Override public int width() { return file.width(); }
        @Override public int height() { return file.height(); }
        @Override public double frameRate() { return 100; }
        @Override public long frameCount() { return -1; }
        @Override public boolean live() { return true; }
        @Override public long dropped() { return 0; }
        @Override public String describe() { return "vtest.avi replayed at 100 fps"; }
        @Override public void close() { file.close(); }
    }

    @Test
    void aCameraFasterThanTheDetectorDropsFramesAndLatencyStaysBounded() throws Exception {
        List<Long> latency = new ArrayList<>();
        List<Long> indices = new ArrayList<>();
        try (DetectionModel model = DetectionModel.builder().setModel(VideoFixtures.ssd()).optThreads(1)
                .optConfidence(0.1f).optClasses("Person").build();
             VideoPipeline p = VideoPipeline.builder()
                     .setSource(new LatestFrameSource(new ReplayCamera(
                             FFmpegSource.open(VideoFixtures.vtest().toString(), 1))))
                     .setModel(model).optTracker(SkipTuning.lowScoreDetector(100, 1)).optMaxFrames(60)
                     .optListener(r -> {
                         latency.add(r.latencyNanos());
                         indices.add(r.index());
                     }).build()) {
            PipelineStats s = p.run();
            assertThat(s.framesOut()).isEqualTo(60);
            assertThat(indices).doesNotHaveDuplicates().isSorted();
            // the detector (15 ms a frame on an idle x86 core, 75 ms on a loaded one) is slower than the 100 fps
            // camera: the camera makes inference/10 frames per frame processed, and the surplus is dropped (at least
            // a quarter of it, whatever the host's load: frames in flight absorb some)
            double inference = s.p50Millis(Stage.INFERENCE);
            assumeTrue(inference > 12, "the detector runs faster than the 100 fps test camera here (" + inference
                    + " ms): nothing to drop");
            assertThat(s.dropped()).isGreaterThan(Math.max(1, (long) (60 * (inference / 10 - 1) / 4)));
            assertThat(indices.get(59)).isGreaterThanOrEqualTo(60 + s.dropped() / 2);
            // latency is a few inference times, the same at the end as at the start: no backlog builds up
            double early = median(latency.subList(10, 30)) / 1e6;
            double late = median(latency.subList(40, 60)) / 1e6;
            System.out.printf("live: %d dropped, inference p50 %.1f ms, latency p50 early %.1f ms, late %.1f ms%n",
                    s.dropped(), inference, early, late);
            assertThat(late).isLessThan(8 * inference + 100);
            assertThat(late).isLessThan(2 * early + 100);
        }
    }

    private static double median(List<Long> v) {
        List<Long> c = new ArrayList<>(v);
        c.sort(null);
        return c.get(c.size() / 2);
    }
}
