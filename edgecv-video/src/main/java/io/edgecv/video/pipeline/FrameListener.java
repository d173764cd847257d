package io.edgecv.video.pipeline;

/**
 * Receives each frame's result, in frame order, exactly once, on the pipeline's output thread (writing a video,
 * JSON lines or tracks happens there, off the inference thread).
 *
 * <p>Thread-safety: called from one thread at a time.
 */
@FunctionalInterface
public interface FrameListener {
    /**
     * @param result the frame's result; valid only during the call
     * @throws Exception to stop the pipeline; {@link VideoPipeline#await} rethrows it
     */
    void onFrame(FrameResult result) throws Exception;
}
