package io.edgecv.preprocess;

/**
 * How the last preprocessed image maps onto the model input, and back: model pixel {@code (x, y)} comes from
 * source pixel {@code ((x - padX) / scaleX, (y - padY) / scaleY)}. Coordinates are continuous (pixel edges, not
 * centres), so the inverse is exact for both {@link ResizeMode}s: a box drawn on the model input around the
 * resized content maps back to the whole source image.
 *
 * <p>Thread-safety: not thread-safe; a {@link Preprocessor} refills its transform on every image.
 */
public final class ImageTransform {
    private int sourceWidth;
    private int sourceHeight;
    private float scaleX = 1f;
    private float scaleY = 1f;
    private float padX;
    private float padY;

    /** Identity transform of a 1x1 image; filled by {@link #set}. */
    public ImageTransform() {
        this.sourceWidth = 1;
        this.sourceHeight = 1;
    }

    /**
     * @param sourceWidth width of the source image
     * @param sourceHeight height of the source image
     * @param scaleX model pixels per source pixel along x
     * @param scaleY model pixels per source pixel along y
     * @param padX model pixels of padding left of the content
     * @param padY model pixels of padding above the content
     */
    public void set(int sourceWidth, int sourceHeight, float scaleX, float scaleY, float padX, float padY) {
        this.sourceWidth = sourceWidth;
        this.sourceHeight = sourceHeight;
        this.scaleX = scaleX;
        this.scaleY = scaleY;
        this.padX = padX;
        this.padY = padY;
    }

    /**
     * @param modelX x in model input pixels
     * @return x in source image pixels (not clamped)
     */
    public float toSourceX(float modelX) {
        return (modelX - padX) / scaleX;
    }

    /**
     * @param modelY y in model input pixels
     * @return y in source image pixels (not clamped)
     */
    public float toSourceY(float modelY) {
        return (modelY - padY) / scaleY;
    }

    /** @return width of the source image */
    public int sourceWidth() {
        return sourceWidth;
    }

    /** @return height of the source image */
    public int sourceHeight() {
        return sourceHeight;
    }

    /** @return model pixels per source pixel along x */
    public float scaleX() {
        return scaleX;
    }

    /** @return model pixels per source pixel along y */
    public float scaleY() {
        return scaleY;
    }

    /** @return padding left of the content, model pixels */
    public float padX() {
        return padX;
    }

    /** @return padding above the content, model pixels */
    public float padY() {
        return padY;
    }

    @Override
    public String toString() {
        return "ImageTransform[source " + sourceWidth + "x" + sourceHeight + ", scale " + scaleX + "x" + scaleY
                + ", pad " + padX + "," + padY + "]";
    }
}
