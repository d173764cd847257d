package io.edgecv.video.pipeline;

import io.edgecv.video.source.Frame;
import io.edgecv.video.track.DetectionBuffer;
import io.edgecv.video.track.TrackBuffer;

/**
 * What the pipeline made of one frame: the frame itself, whether the detector ran on it, the detections (empty on
 * skipped frames) and the tracks (updated from the detections, or predicted by the motion model on skipped
 * frames).
 *
 * <p>Lifetime: the pipeline reuses this object, its frame and its buffers for a later frame as soon as
 * {@link FrameListener#onFrame} returns; they are valid only during that call. That is what lets the steady state
 * allocate nothing per frame. To keep a result, take a {@link #copy()} (everything, pixels included), or
 * {@link DetectionBuffer#toList()} / {@link TrackBuffer#toList()} (immutable objects), or copy the values read.
 *
 * <p>Thread-safety: not thread-safe; read it on the thread that calls the listener.
 */
public final class FrameResult {
    final Frame frame;
    final DetectionBuffer detections;
    final TrackBuffer tracks;
    long sequence;
    boolean detected;
    long latencyNanos;

    FrameResult() {
        this(new Frame(), new DetectionBuffer(), new TrackBuffer());
    }

    private FrameResult(Frame frame, DetectionBuffer detections, TrackBuffer tracks) {
        this.frame = frame;
        this.detections = detections;
        this.tracks = tracks;
    }

    /**
     * @return a copy that the pipeline does not reuse: the frame's pixels, the detections and the tracks copied
     */
    public FrameResult copy() {
        Frame f = new Frame();
        f.copyFrom(frame);
        FrameResult c = new FrameResult(f, detections.copy(), tracks.copy());
        c.sequence = sequence;
        c.detected = detected;
        c.latencyNanos = latencyNanos;
        return c;
    }

    /** @return the frame's pixels and stream index */
    public Frame frame() {
        return frame;
    }

    /** @return the frame's index in the stream (gaps where a live source dropped frames) */
    public long index() {
        return frame.index();
    }

    /** @return the frame's position among the frames this pipeline processed, from 0, without gaps */
    public long sequence() {
        return sequence;
    }

    /** @return whether the detector ran on this frame (false: the tracker predicted the boxes) */
    public boolean detected() {
        return detected;
    }

    /** @return the detector's output in frame pixels, best first; empty on skipped frames; reused (see above) */
    public DetectionBuffer detections() {
        return detections;
    }

    /** @return the confirmed tracks at this frame, by id; empty without a tracker; reused (see above) */
    public TrackBuffer tracks() {
        return tracks;
    }

    /** @return capture to result, in nanoseconds */
    public long latencyNanos() {
        return latencyNanos;
    }

    @Override
    public String toString() {
        return "frame " + index() + (detected ? " detected " + detections.size() : " predicted") + ", "
                + tracks.size() + " tracks";
    }
}
