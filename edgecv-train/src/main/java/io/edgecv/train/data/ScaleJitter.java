package io.edgecv.train.data;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Random zoom onto a fixed output size: the image is first fitted inside the output keeping its aspect ratio (the
 * letterbox scale {@code min(W / w, H / h)}), then scaled by a zoom drawn uniformly from the range and placed at
 * a random position. Below zoom 1 the image is smaller than the output and the rest is padded (letterbox); above
 * 1 a random part of it fills the output (random resized crop, aspect ratio kept). The pixels are resampled
 * bilinearly (half-pixel centres, as OpenCV's {@code INTER_LINEAR}) into the sample's spare buffer, which is then
 * swapped in, so steady state allocates only six small tables (one entry per output row or column).
 *
 * <p>Boxes are mapped by the same scale and offset and clipped to the output. A box is then left out when less
 * than {@link Builder#optMinVisible} of its area is still inside the output (default 0.1), or when it is
 * narrower or lower than 2 pixels (Ultralytics' {@code box_candidates} rule): a box cut to a sliver would teach
 * the detector to find objects it cannot see.
 *
 * <p>Thread-safety: immutable.
 */
public final class ScaleJitter implements Augmentation {
    private final int outWidth;
    private final int outHeight;
    private final double minZoom;
    private final double maxZoom;
    private final int padValue;
    private final float minVisible;

    private ScaleJitter(Builder b) {
        this.outWidth = b.width;
        this.outHeight = b.height;
        this.minZoom = b.minZoom;
        this.maxZoom = b.maxZoom;
        this.padValue = b.padValue;
        this.minVisible = b.minVisible;
    }

    /** @return a builder; the output size is required */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void apply(TrainingSample sample, RandomGenerator random) {
        PackedImage src = sample.image();
        double zoom = minZoom == maxZoom ? minZoom : random.nextDouble(minZoom, maxZoom);
        double scale = zoom * Math.min((double) outWidth / src.width(), (double) outHeight / src.height());
        double freeX = outWidth - src.width() * scale;
        double freeY = outHeight - src.height() * scale;
        double ox = freeX == 0 ? 0 : random.nextDouble() * freeX;
        double oy = freeY == 0 ? 0 : random.nextDouble() * freeY;
        place(sample, (float) scale, (float) ox, (float) oy);
    }

    /**
     * Draws the image at a known scale and offset onto the output (what {@link #apply} does with random ones).
     *
     * @param sample image and boxes, changed
     * @param scale output pixels per source pixel, positive
     * @param offsetX output x of the source's left edge (negative: the left part is cut off)
     * @param offsetY output y of the source's top edge
     */
    public void place(TrainingSample sample, float scale, float offsetX, float offsetY) {
        if (!(scale > 0) || !Float.isFinite(scale) || !Float.isFinite(offsetX) || !Float.isFinite(offsetY)) {
            throw new IllegalArgumentException("scale must be positive and offsets finite, got " + scale + ", "
                    + offsetX + ", " + offsetY);
        }
        PackedImage src = sample.image();
        PackedImage dst = sample.spare();
        dst.resize(outWidth, outHeight);
        int sw = src.width();
        int sh = src.height();
        int[] x0 = new int[outWidth];
        float[] wx = new float[outWidth];
        boolean[] inX = new boolean[outWidth];
        taps(sw, outWidth, scale, offsetX, x0, wx, inX);
        int[] y0 = new int[outHeight];
        float[] wy = new float[outHeight];
        boolean[] inY = new boolean[outHeight];
        taps(sh, outHeight, scale, offsetY, y0, wy, inY);
        byte[] s = src.data();
        byte[] d = dst.data();
        byte pad = (byte) padValue;
        int rowBytes = sw * 3;
        for (int y = 0; y < outHeight; y++) {
            int o = y * outWidth * 3;
            if (!inY[y]) {
                java.util.Arrays.fill(d, o, o + outWidth * 3, pad);
                continue;
            }
            int r0 = y0[y] * rowBytes;
            int r1 = y0[y] + 1 < sh ? r0 + rowBytes : r0;
            float fy = wy[y];
            for (int x = 0; x < outWidth; x++, o += 3) {
                if (!inX[x]) {
                    d[o] = pad;
                    d[o + 1] = pad;
                    d[o + 2] = pad;
                    continue;
                }
                int a = x0[x] * 3;
                int b = x0[x] + 1 < sw ? a + 3 : a;
                float fx = wx[x];
                for (int c = 0; c < 3; c++) {
                    float top = (s[r0 + a + c] & 0xFF) + ((s[r0 + b + c] & 0xFF) - (s[r0 + a + c] & 0xFF)) * fx;
                    float bottom = (s[r1 + a + c] & 0xFF) + ((s[r1 + b + c] & 0xFF) - (s[r1 + a + c] & 0xFF)) * fx;
                    d[o + c] = (byte) Math.round(top + (bottom - top) * fy);
                }
            }
        }
        sample.swap();
        mapBoxes(sample.boxes(), scale, offsetX, offsetY);
    }

    /**
     * Source taps of each output column (or row): the output pixel centre {@code d + 0.5} comes from source
     * position {@code (d + 0.5 - offset) / scale}; outside {@code [0, src)} it is padding.
     */
    private static void taps(int src, int dst, float scale, float offset, int[] i0, float[] w, boolean[] in) {
        for (int d = 0; d < dst; d++) {
            double pos = (d + 0.5 - offset) / scale;
            in[d] = pos >= 0 && pos < src;
            double s = Math.max(0, pos - 0.5);
            int a = (int) s;
            if (a >= src - 1) {
                i0[d] = src - 1;
                w[d] = 0f;
            } else {
                i0[d] = a;
                w[d] = (float) (s - a);
            }
        }
    }

    private void mapBoxes(BoxList boxes, float scale, float ox, float oy) {
        for (int i = boxes.size() - 1; i >= 0; i--) {
            float x1 = boxes.x1(i) * scale + ox;
            float y1 = boxes.y1(i) * scale + oy;
            float x2 = boxes.x2(i) * scale + ox;
            float y2 = boxes.y2(i) * scale + oy;
            float area = (x2 - x1) * (y2 - y1);
            float cx1 = Math.max(0f, x1);
            float cy1 = Math.max(0f, y1);
            float cx2 = Math.min(outWidth, x2);
            float cy2 = Math.min(outHeight, y2);
            float w = cx2 - cx1;
            float h = cy2 - cy1;
            if (w < 2f || h < 2f || w * h < minVisible * area) {
                boxes.remove(i);
            } else {
                boxes.set(i, cx1, cy1, cx2, cy2);
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ScaleJitter[%dx%d, zoom %s..%s, pad %d, min visible %s]", outWidth,
                outHeight, minZoom, maxZoom, padValue, minVisible);
    }

    /**
     * Builds a {@link ScaleJitter}. {@link #setOutputSize} is required.
     *
     * <p>Thread-safety: not thread-safe.
     */
    public static final class Builder {
        private int width;
        private int height;
        private double minZoom = 0.5;
        private double maxZoom = 1.5;
        private int padValue = 114;
        private float minVisible = 0.1f;

        private Builder() {
        }

        /**
         * @param w output width, 1 to {@link io.edgecv.ImageInput#MAX_SIDE} (usually the model's input width)
         * @param h output height, 1 to {@link io.edgecv.ImageInput#MAX_SIDE}
         * @return this
         */
        public Builder setOutputSize(int w, int h) {
            if (w < 1 || h < 1 || w > io.edgecv.ImageInput.MAX_SIDE || h > io.edgecv.ImageInput.MAX_SIDE) {
                throw new IllegalArgumentException("output size " + w + "x" + h + " is out of range: each side "
                        + "must be 1 to " + io.edgecv.ImageInput.MAX_SIDE);
            }
            this.width = w;
            this.height = h;
            return this;
        }

        /**
         * @param min smallest zoom relative to the letterbox fit, 0.05 to {@code max} (default 0.5)
         * @param max largest zoom, up to 10 (default 1.5); {@code min == max} draws nothing
         * @return this
         */
        public Builder optZoom(double min, double max) {
            if (!(min >= 0.05 && max >= min && max <= 10)) {
                throw new IllegalArgumentException("zoom range must satisfy 0.05 <= min <= max <= 10, got " + min
                        + ".." + max);
            }
            this.minZoom = min;
            this.maxZoom = max;
            return this;
        }

        /** @param value padding pixel value 0..255 (default 114, as Ultralytics) @return this */
        public Builder optPadValue(int value) {
            if (value < 0 || value > 255) {
                throw new IllegalArgumentException("pad value must be 0..255, got " + value);
            }
            this.padValue = value;
            return this;
        }

        /**
         * @param fraction smallest part of a box's area that must stay inside the output for it to be kept,
         *                 0 to 1 (default 0.1)
         * @return this
         */
        public Builder optMinVisible(double fraction) {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("min visible fraction must be 0 to 1, got " + fraction);
            }
            this.minVisible = (float) fraction;
            return this;
        }

        /** @return the jitter */
        public ScaleJitter build() {
            if (width == 0) {
                throw new IllegalStateException("setOutputSize(width, height) is required");
            }
            return new ScaleJitter(this);
        }
    }
}
