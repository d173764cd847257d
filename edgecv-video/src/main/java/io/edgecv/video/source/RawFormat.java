package io.edgecv.video.source;

import java.util.Locale;

/**
 * Layouts of raw, headerless frames on a pipe ({@link RawFrameSource}).
 *
 * <p>Thread-safety: immutable.
 */
public enum RawFormat {
    /** Planar YUV 4:2:0 (Y plane, then U and V at half width and height), as {@code rpicam-vid --codec yuv420}. */
    I420,
    /** Packed 8-bit blue, green, red (FFmpeg's {@code bgr24}). */
    BGR24,
    /** Packed 8-bit red, green, blue (FFmpeg's {@code rgb24}). */
    RGB24;

    /**
     * @param width pixels a row
     * @param height rows
     * @return bytes of one frame
     */
    public long frameBytes(int width, int height) {
        long pixels = (long) width * height;
        return this == I420 ? pixels + 2L * ((width + 1) / 2) * ((height + 1) / 2) : pixels * 3;
    }

    /**
     * @param name {@code yuv420}, {@code i420}, {@code bgr24} or {@code rgb24}, any case
     * @return the format
     * @throws IllegalArgumentException naming the accepted names
     */
    public static RawFormat parse(String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "yuv420": case "yuv420p": case "i420": return I420;
            case "bgr24": case "bgr": return BGR24;
            case "rgb24": case "rgb": return RGB24;
            default:
                throw new IllegalArgumentException("raw format '" + name + "' is not one of yuv420 (i420), bgr24,"
                        + " rgb24");
        }
    }
}
