package io.edgecv.video.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens the right {@link FrameSource} for a location the way the {@code edgecv track --source} option takes it:
 * {@code -} is raw frames on stdin, a folder is an image sequence, anything else (a file, {@code rtsp://...},
 * {@code http://...}, {@code /dev/videoN}) goes to FFmpeg. Live sources come wrapped in a
 * {@link LatestFrameSource}, so they keep only the newest frame.
 *
 * <p>Thread-safety: stateless; thread-safe.
 */
public final class FrameSources {
    private FrameSources() {
    }

    /**
     * @param location {@code -}, a folder, a video file, a stream URL or {@code /dev/videoN}
     * @param raw size and format of raw frames, used only for {@code -}; may be null otherwise
     * @return the opened source
     * @throws SourceUnavailableException if FFmpeg or the camera is missing, or the stream cannot be reached
     * @throws IOException if a file or folder cannot be read
     * @throws IllegalArgumentException if {@code -} is given without a raw size
     */
    public static FrameSource open(String location, RawSpec raw) throws IOException, SourceUnavailableException {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("no source given: pass a file, a folder, a URL, /dev/videoN or -");
        }
        if (location.equals("-")) {
            if (raw == null) {
                throw new IllegalArgumentException("raw frames on stdin need a width, a height and a format"
                        + " (e.g. --width 1280 --height 720 --raw-format yuv420)");
            }
            return new LatestFrameSource(new RawFrameSource(System.in, raw.width(), raw.height(), raw.format(),
                    true, "stdin"));
        }
        if (!location.contains("://") && Files.isDirectory(Path.of(location))) {
            return new ImageFolderSource(Path.of(location));
        }
        FFmpegSource s = FFmpegSource.open(location, 1);
        return s.live() ? new LatestFrameSource(s) : s;
    }

    /**
     * The size and layout of raw frames, which carry neither.
     *
     * <p>Thread-safety: immutable.
     */
    public static final class RawSpec {
        private final int width;
        private final int height;
        private final RawFormat format;

        /**
         * @param width pixels a row, positive
         * @param height rows, positive
         * @param format the layout
         */
        public RawSpec(int width, int height, RawFormat format) {
            if (width <= 0 || height <= 0) {
                throw new IllegalArgumentException("raw frame size " + width + "x" + height + " must be positive");
            }
            this.width = width;
            this.height = height;
            this.format = java.util.Objects.requireNonNull(format, "format");
        }

        /** @return pixels a row */
        public int width() {
            return width;
        }

        /** @return rows */
        public int height() {
            return height;
        }

        /** @return the layout */
        public RawFormat format() {
            return format;
        }
    }
}
