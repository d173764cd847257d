package io.edgecv.train.data;

import java.util.Locale;
import java.util.random.RandomGenerator;

/**
 * Random brightness, contrast, saturation and hue, as torchvision's {@code ColorJitter}: each strength {@code s}
 * draws a factor uniformly from {@code [max(0, 1 - s), 1 + s]} (hue: a shift from {@code [-s, s]} of the colour
 * circle, {@code s} up to 0.5). The changes are applied in this fixed order (torchvision shuffles it), each
 * rounded to the nearest byte and clamped to 0..255:
 * <ul>
 *   <li>brightness {@code f}: {@code v * f};</li>
 *   <li>contrast {@code f}: {@code f * v + (1 - f) * m}, {@code m} the mean grey level of the image
 *       ({@code 0.299 R + 0.587 G + 0.114 B});</li>
 *   <li>saturation {@code f}: {@code f * v + (1 - f) * g}, {@code g} the pixel's grey level;</li>
 *   <li>hue {@code h}: the pixel's HSV hue plus {@code h}, modulo 1.</li>
 * </ul>
 * A factor of exactly 1 (or a hue shift of 0) leaves the image untouched, so zero strength is the identity.
 * Boxes are unchanged. Brightness and contrast go through one 256-entry table; saturation and hue are computed
 * per pixel.
 *
 * <p>Thread-safety: immutable.
 */
public final class ColourJitter implements Augmentation {
    private final float brightness;
    private final float contrast;
    private final float saturation;
    private final float hue;

    private ColourJitter(Builder b) {
        this.brightness = b.brightness;
        this.contrast = b.contrast;
        this.saturation = b.saturation;
        this.hue = b.hue;
    }

    /** @return a builder; every strength 0 (no change) until set */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void apply(TrainingSample sample, RandomGenerator random) {
        float b = factor(brightness, random);
        float c = factor(contrast, random);
        float s = factor(saturation, random);
        float h = hue == 0f ? 0f : (float) random.nextDouble(-hue, hue);
        apply(sample.image(), b, c, s, h);
    }

    private static float factor(float strength, RandomGenerator random) {
        if (strength == 0f) {
            return 1f;
        }
        return (float) random.nextDouble(Math.max(0f, 1f - strength), 1f + strength);
    }

    /**
     * Applies known factors (what {@link #apply(TrainingSample, RandomGenerator)} draws at random).
     *
     * @param image changed in place
     * @param brightness brightness factor, 0 or more (1: unchanged)
     * @param contrast contrast factor, 0 or more (1: unchanged)
     * @param saturation saturation factor, 0 or more (1: unchanged; 0: grey)
     * @param hueShift hue shift as a fraction of the colour circle, -0.5 to 0.5 (0: unchanged)
     */
    public static void apply(PackedImage image, float brightness, float contrast, float saturation,
                             float hueShift) {
        if (!(brightness >= 0) || !(contrast >= 0) || !(saturation >= 0) || !(Math.abs(hueShift) <= 0.5f)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "factors must be 0 or more and the hue "
                    + "shift -0.5 to 0.5, got brightness %s, contrast %s, saturation %s, hue %s", brightness,
                    contrast, saturation, hueShift));
        }
        byte[] d = image.data();
        int n = image.width() * image.height() * 3;
        if (brightness != 1f || contrast != 1f) {
            int[] lut = new int[256];
            for (int v = 0; v < 256; v++) {
                lut[v] = clamp(Math.round(v * brightness));
            }
            if (contrast != 1f) {
                float mean = meanGrey(image, lut);
                float offset = (1f - contrast) * mean;
                for (int v = 0; v < 256; v++) {
                    lut[v] = clamp(Math.round(contrast * lut[v] + offset));
                }
            }
            for (int i = 0; i < n; i++) {
                d[i] = (byte) lut[d[i] & 0xFF];
            }
        }
        if (saturation != 1f || hueShift != 0f) {
            int r = image.format() == io.edgecv.PixelFormat.RGB ? 0 : 2;
            int b = 2 - r;
            for (int i = 0; i < n; i += 3) {
                int red = d[i + r] & 0xFF;
                int green = d[i + 1] & 0xFF;
                int blue = d[i + b] & 0xFF;
                if (saturation != 1f) {
                    float g = 0.299f * red + 0.587f * green + 0.114f * blue;
                    float o = (1f - saturation) * g;
                    red = clamp(Math.round(saturation * red + o));
                    green = clamp(Math.round(saturation * green + o));
                    blue = clamp(Math.round(saturation * blue + o));
                }
                if (hueShift != 0f) {
                    int rgb = Hsv.shiftHue(red, green, blue, hueShift);
                    red = rgb >>> 16;
                    green = rgb >>> 8 & 0xFF;
                    blue = rgb & 0xFF;
                }
                d[i + r] = (byte) red;
                d[i + 1] = (byte) green;
                d[i + b] = (byte) blue;
            }
        }
    }

    /** Mean grey level of the image after the table. */
    private static float meanGrey(PackedImage image, int[] lut) {
        byte[] d = image.data();
        int r = image.format() == io.edgecv.PixelFormat.RGB ? 0 : 2;
        int b = 2 - r;
        double sum = 0;
        for (int i = 0, n = image.width() * image.height() * 3; i < n; i += 3) {
            sum += 0.299 * lut[d[i + r] & 0xFF] + 0.587 * lut[d[i + 1] & 0xFF] + 0.114 * lut[d[i + b] & 0xFF];
        }
        return (float) (sum / ((long) image.width() * image.height()));
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "ColourJitter[brightness %s, contrast %s, saturation %s, hue %s]",
                brightness, contrast, saturation, hue);
    }

    /**
     * Builds a {@link ColourJitter}; every strength defaults to 0 (no change).
     *
     * <p>Thread-safety: not thread-safe.
     */
    public static final class Builder {
        private float brightness;
        private float contrast;
        private float saturation;
        private float hue;

        private Builder() {
        }

        /** @param strength 0 to 1 (factor from {@code [1 - s, 1 + s]}) @return this */
        public Builder optBrightness(double strength) {
            brightness = strength("brightness", strength, 1);
            return this;
        }

        /** @param strength 0 to 1 @return this */
        public Builder optContrast(double strength) {
            contrast = strength("contrast", strength, 1);
            return this;
        }

        /** @param strength 0 to 1 @return this */
        public Builder optSaturation(double strength) {
            saturation = strength("saturation", strength, 1);
            return this;
        }

        /** @param strength 0 to 0.5 (a shift from {@code [-s, s]} of the colour circle) @return this */
        public Builder optHue(double strength) {
            hue = strength("hue", strength, 0.5);
            return this;
        }

        private static float strength(String what, double s, double max) {
            if (!(s >= 0 && s <= max)) {
                throw new IllegalArgumentException(what + " strength must be 0 to " + max + ", got " + s);
            }
            return (float) s;
        }

        /** @return the jitter */
        public ColourJitter build() {
            return new ColourJitter(this);
        }
    }
}
