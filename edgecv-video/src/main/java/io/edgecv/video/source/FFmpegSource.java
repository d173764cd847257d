package io.edgecv.video.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Video files, network streams (RTSP, HTTP, UDP...) and V4L2 cameras ({@code /dev/video*}) decoded by FFmpeg
 * through JavaCV's {@link FFmpegFrameGrabber}, converted by FFmpeg's swscale straight to packed BGR24 and copied
 * once into the caller's {@link Frame}; the grabber's own buffer is reused from frame to frame.
 *
 * <p>Files are read on demand ({@link #live()} false); cameras and streams are live: open them through
 * {@link FrameSources#open}, which wraps them in a {@link LatestFrameSource}.
 *
 * <p>Thread-safety: as {@link FrameSource}: one reading thread; {@link #close()} from any thread is idempotent.
 */
public final class FFmpegSource implements FrameSource {
    private static final Logger LOG = LoggerFactory.getLogger(FFmpegSource.class);

    private final FFmpegFrameGrabber grabber;
    private final String location;
    private final boolean live;
    private final Object lock = new Object();
    private long next;
    private boolean closed;

    private FFmpegSource(FFmpegFrameGrabber grabber, String location, boolean live) {
        this.grabber = grabber;
        this.location = location;
        this.live = live;
    }

    /**
     * Opens a file, a stream URL or a camera device.
     *
     * @param location a file path, a URL with a scheme ({@code rtsp://}, {@code http://}...) or {@code /dev/videoN}
     * @param decoderThreads FFmpeg decoder threads; 1 keeps the other cores for inference, 0 lets FFmpeg choose
     * @return the opened source
     * @throws SourceUnavailableException if FFmpeg's natives do not load, the camera does not exist or the stream
     *                                    cannot be opened (the message says what to check)
     * @throws IOException if the file does not exist or FFmpeg cannot decode it
     */
    public static FFmpegSource open(String location, int decoderThreads) throws IOException,
            SourceUnavailableException {
        if (location == null || location.isBlank()) {
            throw new IllegalArgumentException("source location is empty: give a file, a URL or /dev/videoN");
        }
        if (decoderThreads < 0) {
            throw new IllegalArgumentException("decoderThreads " + decoderThreads + " is negative");
        }
        boolean camera = location.startsWith("/dev/video");
        boolean stream = location.contains("://");
        if (camera && !Files.exists(Path.of(location))) {
            throw new SourceUnavailableException("no camera at " + location + ": connect one, or list the cameras"
                    + " with 'v4l2-ctl --list-devices' (Debian package v4l-utils). CSI cameras on a Raspberry Pi 5"
                    + " speak libcamera: pipe 'rpicam-vid --codec yuv420 -o -' into '--source -' instead");
        }
        if (!camera && !stream && !Files.isRegularFile(Path.of(location))) {
            throw new NoSuchFileException(location, null, "no such video file");
        }
        FFmpegSupport.require();
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(location);
        g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        g.setVideoOption("threads", Integer.toString(decoderThreads));
        if (camera) {
            g.setFormat("video4linux2");
        } else if (stream) {
            if (location.toLowerCase(Locale.ROOT).startsWith("rtsp")) {
                g.setOption("rtsp_transport", "tcp");
            }
            g.setOption("timeout", "10000000"); // 10 s, in microseconds
            g.setOption("fflags", "nobuffer");
        }
        try {
            g.start();
        } catch (FFmpegFrameGrabber.Exception | RuntimeException e) {
            closeQuietly(g);
            if (camera || stream) {
                throw new SourceUnavailableException("FFmpeg cannot open " + location + ": " + e.getMessage()
                        + (camera ? "; check the device is a capture device and not in use"
                                  : "; check the URL, the network and the credentials"), e);
            }
            throw new IOException("FFmpeg cannot decode " + location + ": " + e.getMessage()
                    + "; check that it is a complete video file", e);
        }
        FFmpegSource s = new FFmpegSource(g, location, camera || stream);
        LOG.info("opened {}", s.describe());
        return s;
    }

    private static void closeQuietly(FFmpegFrameGrabber g) {
        try {
            g.release();
        } catch (Exception e) {
            LOG.warn("releasing FFmpeg grabber: {}", e.getMessage());
        }
    }

    @Override
    public boolean read(Frame frame) throws IOException {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            org.bytedeco.javacv.Frame f;
            try {
                f = grabber.grabImage();
            } catch (FFmpegFrameGrabber.Exception e) {
                throw new IOException("FFmpeg failed to decode frame " + next + " of " + location + ": "
                        + e.getMessage(), e);
            }
            if (f == null || f.image == null) {
                return false;
            }
            copy(f, frame);
            frame.stamp(next++, System.nanoTime());
            return true;
        }
    }

    /** Copies the grabber's BGR24 image (rows may be padded) into the frame's packed buffer. */
    private static void copy(org.bytedeco.javacv.Frame f, Frame frame) {
        int w = f.imageWidth;
        int h = f.imageHeight;
        int row = w * 3;
        byte[] dst = frame.resize(w, h);
        ByteBuffer src = (ByteBuffer) f.image[0];
        int stride = f.imageStride;
        if (stride == row) {
            src.get(0, dst, 0, row * h);
        } else {
            for (int y = 0; y < h; y++) {
                src.get(y * stride, dst, y * row, row);
            }
        }
    }

    @Override
    public int width() {
        return grabber.getImageWidth();
    }

    @Override
    public int height() {
        return grabber.getImageHeight();
    }

    @Override
    public double frameRate() {
        return grabber.getFrameRate();
    }

    @Override
    public long frameCount() {
        return live ? -1 : grabber.getLengthInVideoFrames();
    }

    @Override
    public boolean live() {
        return live;
    }

    @Override
    public long dropped() {
        return 0;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "%s (ffmpeg %s, %dx%d, %.1f fps%s)", location,
                grabber.getVideoCodecName(), width(), height(), frameRate(), live ? ", live" : "");
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            closeQuietly(grabber);
        }
    }
}
