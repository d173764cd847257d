package io.edgecv.train.data;

/**
 * RGB to HSV and back for one pixel (the hexcone model, as {@code colorsys} and torchvision), to shift its hue.
 *
 * <p>Thread-safety: stateless.
 */
final class Hsv {
    private Hsv() {
    }

    /**
     * @param r red 0..255
     * @param g green 0..255
     * @param b blue 0..255
     * @param shift hue shift, a fraction of the circle
     * @return the shifted pixel packed as {@code r << 16 | g << 8 | b}, each rounded to the nearest byte
     */
    static int shiftHue(int r, int g, int b, float shift) {
        int max = Math.max(r, Math.max(g, b));
        int min = Math.min(r, Math.min(g, b));
        if (max == min) {
            return r << 16 | g << 8 | b; // grey: no hue to shift
        }
        float delta = max - min;
        float h;
        if (max == r) {
            h = (g - b) / delta;
        } else if (max == g) {
            h = 2f + (b - r) / delta;
        } else {
            h = 4f + (r - g) / delta;
        }
        h = h / 6f + shift;
        h -= (float) Math.floor(h);
        float v = max;
        float s = delta / max;
        float sector = h * 6f;
        int i = Math.min(5, (int) sector);
        float f = sector - i;
        float p = v * (1f - s);
        float q = v * (1f - s * f);
        float t = v * (1f - s * (1f - f));
        float ro;
        float go;
        float bo;
        switch (i) {
            case 0 -> { ro = v; go = t; bo = p; }
            case 1 -> { ro = q; go = v; bo = p; }
            case 2 -> { ro = p; go = v; bo = t; }
            case 3 -> { ro = p; go = q; bo = v; }
            case 4 -> { ro = t; go = p; bo = v; }
            default -> { ro = v; go = p; bo = q; }
        }
        return Math.round(ro) << 16 | Math.round(go) << 8 | Math.round(bo);
    }
}
