package io.edgecv.video.source;

import java.io.IOException;

/**
 * Where video frames come from: a file, a network stream, a camera, a folder of images or raw bytes on stdin.
 * {@link #read} decodes the next frame into a caller's {@link Frame}, as packed BGR bytes, reusing its buffer.
 *
 * <p>A <em>live</em> source (a camera, a network stream, a pipe from a camera) produces frames at its own pace.
 * Wrapped in {@link LatestFrameSource} (which {@link FrameSources#open} does for live sources), it keeps only the
 * newest frame and counts the ones nobody took in time, so a slow consumer never falls behind.
 *
 * <p>Thread-safety: {@link #read} is called from one thread at a time. {@link #dropped()} and {@link #close()}
 * may be called from any thread; closing makes a blocked or later {@link #read} return false or throw.
 * {@link #close()} is idempotent.
 */
public interface FrameSource extends AutoCloseable {
    /**
     * Decodes the next frame into {@code frame} (resizing its buffer if the size changed) and stamps it with its
     * number in the stream and its capture time.
     *
     * @param frame the buffer to fill
     * @return false at the end of the stream or after {@link #close()}; the frame is then unchanged
     * @throws IOException if the source fails (a corrupt file, a camera unplugged, a truncated raw frame)
     */
    boolean read(Frame frame) throws IOException;

    /** @return frame width in pixels, or 0 while unknown */
    int width();

    /** @return frame height in pixels, or 0 while unknown */
    int height();

    /** @return nominal frames per second, or 0 if the source does not say */
    double frameRate();

    /** @return frames in the source if known (a file), or -1 (streams, cameras, stdin) */
    long frameCount();

    /** @return whether frames arrive at their own pace (camera, stream, pipe) rather than on demand (file) */
    boolean live();

    /** @return frames the source captured but dropped because a newer one replaced them before {@link #read} */
    long dropped();

    /** @return a short description for logs, such as {@code "vtest.avi (ffmpeg, 768x576, 10.0 fps)"} */
    String describe();

    /** Stops the source and frees its decoder, camera or stream. Idempotent. */
    @Override
    void close();
}
