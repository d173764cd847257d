package io.edgecv.bench;

import io.edgecv.EdgeCvException;
import io.edgecv.video.pipeline.DetectionModel;
import io.edgecv.video.pipeline.SkipPolicy;
import io.edgecv.video.pipeline.SkipTuning;
import io.edgecv.video.pipeline.VideoPipeline;
import io.edgecv.video.source.SourceUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A {@link VideoPipeline} on a looped video whose output stage takes one permit per frame: {@link #frames(int)}
 * lets exactly that many results through and waits for them. Between calls the pipeline backs up and every stage
 * blocks, so it uses no CPU while something else is measured. The first frames of a call come from the backlog
 * (up to the frame pool size), so callers time a call only after letting the backlog drain.
 *
 * <p>Thread-safety: {@link #frames} from one thread.
 */
final class PacedPipeline implements AutoCloseable {
    private final Semaphore permits = new Semaphore(0);
    private final Semaphore delivered = new Semaphore(0);
    private final VideoPipeline pipeline;

    PacedPipeline(DetectionModel model, Path video, int skip) throws IOException, SourceUnavailableException,
            EdgeCvException {
        pipeline = VideoPipeline.builder().setSource(new LoopingVideo(video)).setModel(model)
                .optTracker(SkipTuning.lowScoreDetector(10, skip)).optSkip(SkipPolicy.fixed(skip))
                .optListener(r -> {
                    permits.acquire();
                    delivered.release();
                }).build();
        pipeline.start();
    }

    /** Lets {@code n} frames through and waits for their results. */
    void frames(int n) throws InterruptedException, EdgeCvException {
        permits.release(n);
        while (!delivered.tryAcquire(n, 1, TimeUnit.SECONDS)) {
            pipeline.await(0, TimeUnit.MILLISECONDS); // rethrows a stage failure
        }
    }

    VideoPipeline pipeline() {
        return pipeline;
    }

    @Override
    public void close() {
        permits.release(1_000_000);
        pipeline.close();
    }
}
