package io.edgecv.video.source;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

/**
 * Headerless frames of a fixed size on a stream, typically stdin: {@code rpicam-vid --codec yuv420 -o -} on a
 * Raspberry Pi 5 (whose CSI cameras speak libcamera, not V4L2), or {@code ffmpeg ... -f rawvideo -pix_fmt bgr24 -}.
 * The width and height must be given, since raw frames carry none. I420 is converted to BGR with the BT.601
 * limited-range matrix (what camera pipelines emit for SD/HD video), in integer arithmetic.
 *
 * <p>A pipe from a camera is live: {@link FrameSources#open} wraps stdin in a {@link LatestFrameSource} so the
 * pipe is drained as fast as the camera writes and only the newest frame is kept.
 *
 * <p>Thread-safety: as {@link FrameSource}: one reading thread; {@link #close()} is idempotent (and closes the
 * stream).
 */
public final class RawFrameSource implements FrameSource {
    private final InputStream in;
    private final int width;
    private final int height;
    private final RawFormat format;
    private final boolean live;
    private final String name;
    private final byte[] raw;
    private long next;
    private volatile boolean closed;

    /**
     * @param in the stream of frames; closed by {@link #close()}
     * @param width pixels a row (the row stride of the frames, for I420 the Y stride)
     * @param height rows
     * @param format the frame layout
     * @param live whether frames arrive at their own pace (a camera pipe) rather than from a file
     * @param name how logs name the stream, such as {@code "stdin"}
     * @throws IllegalArgumentException if a side is not positive or a frame would exceed 2 GiB
     */
    public RawFrameSource(InputStream in, int width, int height, RawFormat format, boolean live, String name) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("raw frames need a positive width and height, got " + width + "x"
                    + height + ": pass the size the camera writes (e.g. --width 1280 --height 720)");
        }
        if (format.frameBytes(width, height) > Integer.MAX_VALUE - 8
                || (long) width * height * 3 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("raw frame " + width + "x" + height + " is too large");
        }
        this.in = in;
        this.width = width;
        this.height = height;
        this.format = format;
        this.live = live;
        this.name = name;
        this.raw = format == RawFormat.I420 ? new byte[(int) format.frameBytes(width, height)] : null;
    }

    @Override
    public boolean read(Frame frame) throws IOException {
        if (closed) {
            return false;
        }
        byte[] dst = frame.resize(width, height);
        int bytes = width * height * 3;
        byte[] target = raw != null ? raw : dst;
        int want = raw != null ? raw.length : bytes;
        int got = in.readNBytes(target, 0, want);
        if (got == 0) {
            return false;
        }
        if (got < want) {
            throw new EOFException(String.format(Locale.ROOT, "%s ended inside frame %d: %d of %d bytes; check"
                    + " that %dx%d %s matches what the producer writes", name, next, got, want, width, height,
                    format));
        }
        if (format == RawFormat.I420) {
            i420ToBgr(raw, width, height, dst);
        } else if (format == RawFormat.RGB24) {
            for (int i = 0; i < bytes; i += 3) {
                byte r = dst[i];
                dst[i] = dst[i + 2];
                dst[i + 2] = r;
            }
        }
        frame.stamp(next++, System.nanoTime());
        return true;
    }

    /**
     * BT.601 limited range: R = 1.164(Y-16) + 1.596(V-128), G = 1.164(Y-16) - 0.392(U-128) - 0.813(V-128),
     * B = 1.164(Y-16) + 2.017(U-128), in 16.16 fixed point.
     */
    static void i420ToBgr(byte[] src, int width, int height, byte[] dst) {
        int cw = (width + 1) / 2;
        int uBase = width * height;
        int vBase = uBase + cw * ((height + 1) / 2);
        for (int y = 0; y < height; y++) {
            int yRow = y * width;
            int cRow = (y >> 1) * cw;
            int o = yRow * 3;
            for (int x = 0; x < width; x++, o += 3) {
                int c = 76_284 * Math.max(0, (src[yRow + x] & 0xFF) - 16);
                int u = (src[uBase + cRow + (x >> 1)] & 0xFF) - 128;
                int v = (src[vBase + cRow + (x >> 1)] & 0xFF) - 128;
                dst[o] = clamp(c + 132_186 * u);
                dst[o + 1] = clamp(c - 25_690 * u - 53_281 * v);
                dst[o + 2] = clamp(c + 104_595 * v);
            }
        }
    }

    private static byte clamp(int fixed) {
        int v = (fixed + 32_768) >> 16;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public double frameRate() {
        return 0;
    }

    @Override
    public long frameCount() {
        return -1;
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
        return String.format(Locale.ROOT, "%s (raw %s, %dx%d%s)", name, format, width, height, live ? ", live" : "");
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            in.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
