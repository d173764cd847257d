package io.edgecv.video.pipeline;

import io.edgecv.EdgeCvException;
import io.edgecv.video.source.FrameSource;
import io.edgecv.video.track.Tracker;

/**
 * Settings for {@link VideoPipeline}.
 *
 * <p>Thread-safety: not thread-safe.
 */
public final class VideoPipelineBuilder {
    FrameSource source;
    DetectionModel model;
    Tracker tracker;
    SkipPolicy skip = SkipPolicy.none();
    FrameListener listener;
    int slots = 3;
    int frames; // 0: 4 for a live source (a short queue keeps latency low), 8 for a file
    int queueCapacity = 2;
    long maxFrames;

    VideoPipelineBuilder() {
    }

    /**
     * @param source the frames; the pipeline closes it
     * @return this builder
     */
    public VideoPipelineBuilder setSource(FrameSource source) {
        this.source = java.util.Objects.requireNonNull(source, "source");
        return this;
    }

    /**
     * @param model the opened model; not closed by the pipeline, and used by one pipeline at a time
     * @return this builder
     */
    public VideoPipelineBuilder setModel(DetectionModel model) {
        this.model = java.util.Objects.requireNonNull(model, "model");
        return this;
    }

    /**
     * @param tracker the tracker (for example ByteTrack); without one, frames get detections only and skipped
     *                frames get nothing
     * @return this builder
     */
    public VideoPipelineBuilder optTracker(Tracker tracker) {
        this.tracker = tracker;
        return this;
    }

    /**
     * @param policy which frames the detector runs on; by default every frame
     * @return this builder
     */
    public VideoPipelineBuilder optSkip(SkipPolicy policy) {
        this.skip = java.util.Objects.requireNonNull(policy, "policy");
        return this;
    }

    /**
     * @param listener receives each frame's result in order on the output thread
     * @return this builder
     */
    public VideoPipelineBuilder optListener(FrameListener listener) {
        this.listener = listener;
        return this;
    }

    /**
     * @param max stop after this many frames (0: the whole source)
     * @return this builder
     */
    public VideoPipelineBuilder optMaxFrames(long max) {
        if (max < 0) {
            throw new IllegalArgumentException("maxFrames " + max + " is negative");
        }
        this.maxFrames = max;
        return this;
    }

    /**
     * @param count inference slots (input/output buffer sets), 1 to 8; 3 lets preprocessing, inference and
     *              decoding each hold one
     * @return this builder
     */
    public VideoPipelineBuilder optSlots(int count) {
        if (count < 1 || count > 8) {
            throw new IllegalArgumentException("slots " + count + " is not in 1..8");
        }
        this.slots = count;
        return this;
    }

    /**
     * @param frames frame buffers in flight, 2 to 64 (each holds one decoded frame)
     * @return this builder
     */
    public VideoPipelineBuilder optFrames(int frames) {
        if (frames < 2 || frames > 64) {
            throw new IllegalArgumentException("frames " + frames + " is not in 2..64");
        }
        this.frames = frames;
        return this;
    }

    /**
     * @param capacity frames each hand-off queue holds, 1 to 16
     * @return this builder
     */
    public VideoPipelineBuilder optQueueCapacity(int capacity) {
        if (capacity < 1 || capacity > 16) {
            throw new IllegalArgumentException("queue capacity " + capacity + " is not in 1..16");
        }
        this.queueCapacity = capacity;
        return this;
    }

    /**
     * Creates the pipeline (not started).
     *
     * @return the pipeline
     * @throws EdgeCvException if the backend fails to create the inference slots
     */
    public VideoPipeline build() throws EdgeCvException {
        if (source == null || model == null) {
            throw new IllegalStateException("setSource and setModel are required");
        }
        return new VideoPipeline(this);
    }
}
