package io.edgecv.decode;

/**
 * Prior boxes of an anchor-based detector, normalised to [0, 1] of the input: centre and size of each.
 *
 * <p>Thread-safety: immutable after construction (the arrays are never handed out).
 */
public final class Anchors {
    private final float[] cx;
    private final float[] cy;
    private final float[] w;
    private final float[] h;

    /**
     * @param cx centres x, normalised
     * @param cy centres y, normalised
     * @param w widths, normalised
     * @param h heights, normalised
     */
    public Anchors(float[] cx, float[] cy, float[] w, float[] h) {
        if (cy.length != cx.length || w.length != cx.length || h.length != cx.length) {
            throw new IllegalArgumentException("anchor arrays differ in length: " + cx.length + ", " + cy.length
                    + ", " + w.length + ", " + h.length);
        }
        this.cx = cx.clone();
        this.cy = cy.clone();
        this.w = w.clone();
        this.h = h.clone();
    }

    /** @return number of anchors */
    public int size() {
        return cx.length;
    }

    /** @param i anchor index @return its centre x, normalised */
    public float cx(int i) {
        return cx[i];
    }

    /** @param i anchor index @return its centre y, normalised */
    public float cy(int i) {
        return cy[i];
    }

    /** @param i anchor index @return its width, normalised */
    public float w(int i) {
        return w[i];
    }

    /** @param i anchor index @return its height, normalised */
    public float h(int i) {
        return h[i];
    }
}
