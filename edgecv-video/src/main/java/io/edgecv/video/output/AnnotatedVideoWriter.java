package io.edgecv.video.output;

import io.edgecv.video.source.FFmpegSupport;
import io.edgecv.video.source.Frame;
import io.edgecv.video.source.SourceUnavailableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Encodes BGR frames into a video file with FFmpeg (JavaCV's {@link FFmpegFrameRecorder}): H.264 in MP4 when the
 * FFmpeg build has an H.264 encoder, otherwise MPEG-4 Part 2, which every player reads too. The recorder is
 * started on the first frame, when the size is known.
 *
 * <p>Thread-safety: not thread-safe; call from one thread (the pipeline's output thread). {@link #close()} is
 * idempotent and finishes the file.
 */
public final class AnnotatedVideoWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AnnotatedVideoWriter.class);

    private final Path file;
    private final double frameRate;
    private FFmpegFrameRecorder recorder;
    private ByteBuffer wrapped;
    private byte[] wrappedArray;
    private String codec;
    private long frames;
    private boolean closed;

    /**
     * @param file the video file to create (the extension picks the container: .mp4, .mkv, .avi)
     * @param frameRate frames per second of the output; the source's rate, 0 for 25
     * @throws SourceUnavailableException if FFmpeg's natives do not load
     */
    public AnnotatedVideoWriter(Path file, double frameRate) throws SourceUnavailableException {
        FFmpegSupport.require();
        this.file = file;
        this.frameRate = frameRate > 0 ? frameRate : 25;
    }

    /**
     * Appends a frame.
     *
     * @param frame BGR pixels; every frame must have the first frame's size
     * @throws IOException if encoding fails or the size changed
     */
    public void write(Frame frame) throws IOException {
        if (closed) {
            throw new IllegalStateException("video writer for " + file + " is closed");
        }
        if (recorder == null) {
            start(frame.width(), frame.height());
        } else if (frame.width() != recorder.getImageWidth() || frame.height() != recorder.getImageHeight()) {
            throw new IOException("frame " + frame.index() + " is " + frame.width() + "x" + frame.height()
                    + " but " + file + " was started at " + recorder.getImageWidth() + "x"
                    + recorder.getImageHeight());
        }
        if (wrappedArray != frame.pixels()) {
            wrappedArray = frame.pixels();
            wrapped = ByteBuffer.wrap(wrappedArray);
        }
        try {
            recorder.recordImage(frame.width(), frame.height(), org.bytedeco.javacv.Frame.DEPTH_UBYTE, 3,
                    frame.width() * 3, avutil.AV_PIX_FMT_BGR24, wrapped);
            frames++;
        } catch (FFmpegFrameRecorder.Exception e) {
            throw new IOException("FFmpeg failed to encode frame " + frame.index() + " into " + file + ": "
                    + e.getMessage(), e);
        }
    }

    private void start(int width, int height) throws IOException {
        int[][] codecs = {{avcodec.AV_CODEC_ID_H264}, {avcodec.AV_CODEC_ID_MPEG4}};
        IOException last = null;
        for (int[] c : codecs) {
            FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toString(), width, height, 0);
            r.setVideoCodec(c[0]);
            r.setFrameRate(frameRate);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.setGopSize((int) Math.round(frameRate * 2));
            // the preset's H.264 encoder is OpenH264 (rate control by bitrate, no crf): 0.15 bit a pixel keeps
            // thin boxes and id labels sharp (2 Mbit/s at 768x576 and 30 fps)
            r.setVideoBitrate((int) Math.min(20_000_000L, Math.max(1_000_000L,
                    Math.round(0.15 * width * height * frameRate))));
            try {
                r.start();
                recorder = r;
                codec = r.getVideoCodecName() != null ? r.getVideoCodecName()
                        : c[0] == avcodec.AV_CODEC_ID_H264 ? "h264" : "mpeg4";
                LOG.info("writing {} ({}x{}, {} fps, {})", file, width, height, frameRate, codec);
                return;
            } catch (FFmpegFrameRecorder.Exception e) {
                last = new IOException("FFmpeg cannot write " + file + ": " + e.getMessage(), e);
                LOG.debug("encoder {} unavailable: {}", c[0], e.getMessage());
                try {
                    r.release();
                } catch (FFmpegFrameRecorder.Exception ignored) {
                    // nothing was started
                }
            }
        }
        throw last;
    }

    /** @return the encoder in use ("h264", "libopenh264", "mpeg4"...), or null before the first frame */
    public String codec() {
        return codec;
    }

    /** @return frames written */
    public long frames() {
        return frames;
    }

    /**
     * Finishes the file. Idempotent.
     *
     * @throws IOException if FFmpeg fails to write the trailer
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (recorder != null) {
            try {
                recorder.stop();
                recorder.release();
            } catch (FFmpegFrameRecorder.Exception e) {
                throw new IOException("FFmpeg failed to finish " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
