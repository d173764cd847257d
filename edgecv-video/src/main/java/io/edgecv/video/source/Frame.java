package io.edgecv.video.source;

import io.edgecv.ImageInput;
import io.edgecv.PixelFormat;

/**
 * One video frame as packed BGR bytes (3 bytes a pixel, rows back to back), with its number in the stream and the
 * time it was captured. Frames are buffers a pipeline reuses: a {@link FrameSource} writes into one, the detector
 * reads it through {@link #image()} (an {@link ImageInput#ofPacked} view, no copy), and the pixel array is
 * reallocated only when the frame size changes.
 *
 * <p>Thread-safety: not thread-safe; a frame belongs to one stage at a time and is handed on through a queue.
 */
public final class Frame {
    private byte[] pixels = new byte[0];
    private int width;
    private int height;
    private long index = -1;
    private long captureNanos;
    private ImageInput view;

    /**
     * Makes room for a frame of the given size (keeping the array when it is large enough) and sets the size.
     *
     * @param width pixels a row, positive
     * @param height rows, positive
     * @return the pixel array to fill, at least {@code width * height * 3} bytes
     * @throws IllegalArgumentException if a side is not positive or the frame exceeds 2 GiB
     */
    public byte[] resize(int width, int height) {
        if (width <= 0 || height <= 0 || (long) width * height * 3 > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("frame size " + width + "x" + height + " is not a valid image size");
        }
        int bytes = width * height * 3;
        if (pixels.length < bytes) {
            pixels = new byte[bytes];
            view = null;
        }
        if (width != this.width || height != this.height) {
            view = null;
        }
        this.width = width;
        this.height = height;
        return pixels;
    }

    /**
     * Sets where the frame sits in its stream.
     *
     * @param index frame number from 0, in capture order
     * @param captureNanos {@link System#nanoTime()} when the frame was captured or decoded
     */
    public void stamp(long index, long captureNanos) {
        this.index = index;
        this.captureNanos = captureNanos;
    }

    /** @return the packed BGR bytes; only the first {@code width * height * 3} belong to this frame */
    public byte[] pixels() {
        return pixels;
    }

    /** @return pixels a row; 0 before the first {@link #resize} */
    public int width() {
        return width;
    }

    /** @return rows; 0 before the first {@link #resize} */
    public int height() {
        return height;
    }

    /** @return frame number in the stream from 0 (frames a live source dropped leave gaps); -1 before the first */
    public long index() {
        return index;
    }

    /** @return {@link System#nanoTime()} at capture */
    public long captureNanos() {
        return captureNanos;
    }

    /**
     * @return a view of the pixels for {@link io.edgecv.Detector#detect} or a
     *         {@link io.edgecv.preprocess.Preprocessor}; the same object until the size changes
     * @throws IllegalStateException before the first {@link #resize}
     */
    public ImageInput image() {
        if (width == 0) {
            throw new IllegalStateException("the frame holds no image yet");
        }
        if (view == null) {
            view = ImageInput.ofPacked(pixels, width, height, PixelFormat.BGR);
        }
        return view;
    }

    /**
     * Copies another frame's pixels, size, index and capture time into this one.
     *
     * @param other the frame to copy
     */
    public void copyFrom(Frame other) {
        byte[] dst = resize(other.width, other.height);
        System.arraycopy(other.pixels, 0, dst, 0, other.width * other.height * 3);
        stamp(other.index, other.captureNanos);
    }

    @Override
    public String toString() {
        return "frame " + index + " " + width + "x" + height;
    }
}
