package io.edgecv.video.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.video.VideoFixtures;
import io.edgecv.video.source.FFmpegSource;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Closing a running pipeline delivers every frame read exactly once, in order, and stops every stage. */
class PipelineCloseTest {
    @Test
    void closeMidStreamLosesAndDuplicatesNothing() throws Exception {
        try (DetectionModel model = DetectionModel.builder().setModel(VideoFixtures.ssd()).optThreads(1)
                .optClasses("Person").build()) {
            TrackRecorder rec = new TrackRecorder();
            CountDownLatch some = new CountDownLatch(12);
            VideoPipeline p = VideoPipeline.builder()
                    .setSource(FFmpegSource.open(VideoFixtures.vtest().toString(), 1)).setModel(model)
                    .optSkip(SkipPolicy.fixed(2)).optListener(r -> {
                        rec.onFrame(r);
                        some.countDown();
                    }).build();
            p.start();
            assertThat(some.await(60, TimeUnit.SECONDS)).isTrue();
            p.close();
            PipelineStats s = p.stats();
            assertThat(p.await(1, TimeUnit.SECONDS)).isTrue();
            p.close(); // idempotent
            // stopped early: far fewer than 795 frames, but every frame read has its result, once, in order
            assertThat(s.framesIn()).isLessThan(795).isGreaterThanOrEqualTo(12);
            assertThat(rec.sequences).hasSize((int) s.framesIn());
            for (int i = 0; i < rec.sequences.size(); i++) {
                assertThat(rec.sequences.get(i)).isEqualTo(i);
                assertThat(rec.detected.get(i)).isEqualTo(i % 2 == 0);
            }
            assertThat(s.detectorCalls()).isEqualTo((s.framesIn() + 1) / 2);
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(
                    t -> t.getName().startsWith("edgecv-video-") && t.isAlive());
        }
    }

    @Test
    void aFailingListenerStopsThePipelineAndIsReported() throws Exception {
        try (DetectionModel model = DetectionModel.builder().setModel(VideoFixtures.ssd()).optThreads(1).build();
             VideoPipeline p = VideoPipeline.builder()
                     .setSource(FFmpegSource.open(VideoFixtures.vtest().toString(), 1)).setModel(model)
                     .optListener(r -> {
                         if (r.sequence() == 3) {
                             throw new IllegalStateException("disk full at frame 3");
                         }
                     }).build()) {
            p.start();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> p.await(60, TimeUnit.SECONDS))
                    .hasMessageContaining("disk full at frame 3");
            assertThat(p.stats().framesOut()).isEqualTo(3);
        }
    }

    @Test
    void closingAPipelineThatNeverStartedClosesTheSourceAndReturns() throws Exception {
        try (DetectionModel model = DetectionModel.builder().setModel(VideoFixtures.ssd()).optThreads(1).build()) {
            FFmpegSource source = FFmpegSource.open(VideoFixtures.vtest().toString(), 1);
            VideoPipeline p = VideoPipeline.builder().setSource(source).setModel(model).build();
            p.close();
            assertThat(p.await(1, TimeUnit.SECONDS)).isTrue();
            assertThat(source.read(new io.edgecv.video.source.Frame())).isFalse(); // closed
            org.assertj.core.api.Assertions.assertThatThrownBy(p::start).hasMessageContaining("closed");
        }
    }
}
