package io.edgecv.train;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Random;

/**
 * The seed's augmentation: a horizontal flip (probability 0.5), scale jitter (zoom in by cropping or out by
 * padding with grey, about a random point) and colour jitter (brightness, contrast and saturation factors drawn
 * uniformly in {@code [1 − j, 1 + j]}). Written with Java2D: a few lines, where an image library would add a
 * dependency for three operations.
 *
 * <p>Thread-safety: immutable.
 */
public final class StandardAugmentation implements Augmentation {
    private final boolean flip;
    private final float scale;
    private final float colour;

    private StandardAugmentation(Builder b) {
        this.flip = b.flip;
        this.scale = b.scale;
        this.colour = b.colour;
    }

    /** @return a builder with flips on, scale jitter 0.2 and colour jitter 0.3 */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public BufferedImage apply(BufferedImage image, Random random) {
        int w = image.getWidth();
        int h = image.getHeight();
        boolean mirror = flip && random.nextBoolean();
        double zoom = 1 + scale * (2 * random.nextDouble() - 1);
        double cx = random.nextDouble();
        double cy = random.nextDouble();
        float brightness = 1 + colour * (2 * random.nextFloat() - 1);
        float contrast = 1 + colour * (2 * random.nextFloat() - 1);
        float saturation = 1 + colour * (2 * random.nextFloat() - 1);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(new Color(127, 127, 127));
        g.fillRect(0, 0, w, h);
        // the image drawn zoom times larger (or smaller), the point (cx, cy) of the free room staying put
        double dw = w * zoom;
        double dh = h * zoom;
        int x0 = (int) Math.round((w - dw) * cx);
        int y0 = (int) Math.round((h - dh) * cy);
        int x1 = x0 + (int) Math.round(dw);
        int y1 = y0 + (int) Math.round(dh);
        if (mirror) {
            g.drawImage(image, x1, y0, x0, y1, 0, 0, w, h, null);
        } else {
            g.drawImage(image, x0, y0, x1, y1, 0, 0, w, h, null);
        }
        g.dispose();
        if (colour > 0) {
            jitter(out, brightness, contrast, saturation);
        }
        return out;
    }

    private static void jitter(BufferedImage img, float brightness, float contrast, float saturation) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] px = img.getRGB(0, 0, w, h, null, 0, w);
        double sum = 0;
        for (int p : px) {
            sum += luma(p);
        }
        float mean = (float) (sum / px.length) * brightness;
        for (int i = 0; i < px.length; i++) {
            int p = px[i];
            float r = ((p >> 16) & 255) * brightness;
            float gr = ((p >> 8) & 255) * brightness;
            float b = (p & 255) * brightness;
            float grey = 0.299f * r + 0.587f * gr + 0.114f * b;
            r = (grey + (r - grey) * saturation - mean) * contrast + mean;
            gr = (grey + (gr - grey) * saturation - mean) * contrast + mean;
            b = (grey + (b - grey) * saturation - mean) * contrast + mean;
            px[i] = (clamp(r) << 16) | (clamp(gr) << 8) | clamp(b);
        }
        img.setRGB(0, 0, w, h, px, 0, w);
    }

    private static float luma(int p) {
        return 0.299f * ((p >> 16) & 255) + 0.587f * ((p >> 8) & 255) + 0.114f * (p & 255);
    }

    private static int clamp(float v) {
        return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
    }

    /**
     * Settings for {@link StandardAugmentation}.
     *
     * <p>Thread-safety: not thread-safe.
     */
    public static final class Builder {
        private boolean flip = true;
        private float scale = 0.2f;
        private float colour = 0.3f;

        private Builder() {
        }

        /** @param flip mirror half of the images left to right (default true) */
        public Builder optFlip(boolean flip) {
            this.flip = flip;
            return this;
        }

        /** @param jitter the zoom factor is drawn in {@code [1 − jitter, 1 + jitter]}, jitter in [0, 0.9] */
        public Builder optScaleJitter(float jitter) {
            if (!(jitter >= 0 && jitter <= 0.9f)) {
                throw new IllegalArgumentException("scale jitter " + jitter + " is not in [0, 0.9]");
            }
            this.scale = jitter;
            return this;
        }

        /** @param jitter brightness, contrast, saturation factors in {@code [1 − jitter, 1 + jitter]}; in [0, 1] */
        public Builder optColourJitter(float jitter) {
            if (!(jitter >= 0 && jitter <= 1)) {
                throw new IllegalArgumentException("colour jitter " + jitter + " is not in [0, 1]");
            }
            this.colour = jitter;
            return this;
        }

        public StandardAugmentation build() {
            return new StandardAugmentation(this);
        }
    }
}
