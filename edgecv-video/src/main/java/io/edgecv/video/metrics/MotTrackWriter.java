package io.edgecv.video.metrics;

import io.edgecv.video.track.Box;
import io.edgecv.video.track.Track;
import io.edgecv.video.track.TrackBuffer;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Writes tracker output as a MOTChallenge results file while a video is processed: one line per track per frame,
 * {@code frame, id, left, top, width, height, score, -1, -1, -1}. MOTChallenge numbers frames and pixels from 1,
 * so frame index {@code i} (from 0) is written as frame {@code i + 1} and 1 is added to left and top.
 *
 * <p>Thread-safety: not thread-safe; one writer per output, called from one thread.
 */
public final class MotTrackWriter implements AutoCloseable {
    private final Writer out;
    private long lastFrameIndex = -1;
    private long rows;
    private boolean closed;

    /**
     * @param out where to write; owned (closed by {@link #close()})
     */
    public MotTrackWriter(Writer out) {
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * @param file the results file, created or replaced
     * @return a writer to it
     * @throws IOException if it cannot be created
     */
    public static MotTrackWriter open(Path file) throws IOException {
        return new MotTrackWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    /**
     * Converts one track to a MOTChallenge row (1-based frame and pixels).
     *
     * @param frameIndex frame index from 0
     * @param t the track
     * @return the row
     */
    public static MotBox toMotBox(long frameIndex, Track t) {
        Box b = t.box();
        return toMotBox(frameIndex, t.id(), b.left(), b.top(), b.right(), b.bottom(), t.score());
    }

    private static MotBox toMotBox(long frameIndex, int id, float left, float top, float right, float bottom,
                                   float score) {
        return new MotBox(frameIndex + 1, id, left + 1.0, top + 1.0, Math.max(0, right - left),
                Math.max(0, bottom - top), score, -1, -1);
    }

    /**
     * Writes one frame's tracks.
     *
     * @param frameIndex the frame index from 0, larger than the previous call's
     * @param tracks the tracks reported for that frame
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if frames go backwards
     * @throws IllegalStateException if closed
     */
    public void write(long frameIndex, List<Track> tracks) throws IOException {
        advanceTo(frameIndex);
        for (Track t : tracks) {
            row(toMotBox(frameIndex, t));
        }
    }

    /**
     * Writes one frame's tracks, as a video pipeline's {@link io.edgecv.video.pipeline.FrameResult} holds them.
     *
     * @param frameIndex the frame index from 0, larger than the previous call's
     * @param tracks the tracks reported for that frame
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if frames go backwards
     * @throws IllegalStateException if closed
     */
    public void write(long frameIndex, TrackBuffer tracks) throws IOException {
        advanceTo(frameIndex);
        for (int i = 0; i < tracks.size(); i++) {
            row(toMotBox(frameIndex, tracks.id(i), tracks.left(i), tracks.top(i), tracks.right(i), tracks.bottom(i),
                    tracks.score(i)));
        }
    }

    private void advanceTo(long frameIndex) {
        if (closed) {
            throw new IllegalStateException("MotTrackWriter is closed");
        }
        if (frameIndex < 0 || frameIndex <= lastFrameIndex) {
            throw new IllegalArgumentException("frameIndex " + frameIndex + " must be >= 0 and larger than the "
                    + "previous " + lastFrameIndex);
        }
        lastFrameIndex = frameIndex;
    }

    private void row(MotBox box) throws IOException {
        out.write(MotFormat.line(box));
        out.write('\n');
        rows++;
    }

    /** @return how many rows were written */
    public long rows() {
        return rows;
    }

    /** Flushes and closes the output; a second call does nothing. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}
