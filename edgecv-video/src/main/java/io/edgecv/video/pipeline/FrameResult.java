package io.edgecv.video.pipeline;

import io.edgecv.Detection;
import io.edgecv.video.source.Frame;
import io.edgecv.video.track.Track;
import java.util.ArrayList;
import java.util.List;

/**
 * What the pipeline made of one frame: the frame itself, whether the detector ran on it, the detections (empty on
 * skipped frames) and the tracks (updated from the detections, or predicted by the motion model on skipped
 * frames).
 *
 * <p>The object and the frame are reused by the pipeline: they are valid only during
 * {@link FrameListener#onFrame}. Copy what you keep (the {@link Detection} and {@link Track} objects themselves are
 * immutable and may be kept).
 *
 * <p>Thread-safety: not thread-safe; read it on the thread that calls the listener.
 */
public final class FrameResult {
    final Frame frame = new Frame();
    final List<Detection> detections = new ArrayList<>();
    List<Track> tracks = List.of();
    long sequence;
    boolean detected;
    long latencyNanos;

    FrameResult() {
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

    /** @return the detector's output in frame pixels, best first; empty on skipped frames */
    public List<Detection> detections() {
        return detections;
    }

    /** @return the confirmed tracks at this frame, by id; empty without a tracker */
    public List<Track> tracks() {
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
