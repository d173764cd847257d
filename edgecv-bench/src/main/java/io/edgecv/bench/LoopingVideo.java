package io.edgecv.bench;

import io.edgecv.video.source.FFmpegSource;
import io.edgecv.video.source.Frame;
import io.edgecv.video.source.FrameSource;
import io.edgecv.video.source.SourceUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A video file played in a loop, decoded by FFmpeg every time round (so capture costs what it costs on a real
 * stream), with frame numbers that keep increasing across loops (trackers need that).
 *
 * <p>Thread-safety: as {@link FrameSource}.
 */
final class LoopingVideo implements FrameSource {
    private final Path file;
    private FFmpegSource current;
    private long next;
    private volatile boolean closed;

    LoopingVideo(Path file) throws IOException, SourceUnavailableException {
        this.file = file;
        this.current = FFmpegSource.open(file.toString(), 1);
    }

    @Override
    public boolean read(Frame frame) throws IOException {
        if (closed) {
            return false;
        }
        if (!current.read(frame)) {
            current.close();
            try {
                current = FFmpegSource.open(file.toString(), 1);
            } catch (SourceUnavailableException e) {
                throw new UncheckedIOException(new IOException(e.getMessage(), e));
            }
            if (!current.read(frame)) {
                return false;
            }
        }
        frame.stamp(next++, frame.captureNanos());
        return true;
    }

    @Override
    public int width() {
        return current.width();
    }

    @Override
    public int height() {
        return current.height();
    }

    @Override
    public double frameRate() {
        return current.frameRate();
    }

    @Override
    public long frameCount() {
        return -1;
    }

    @Override
    public boolean live() {
        return false;
    }

    @Override
    public long dropped() {
        return 0;
    }

    @Override
    public String describe() {
        return file.getFileName() + " (looped)";
    }

    @Override
    public void close() {
        closed = true;
        current.close();
    }
}
