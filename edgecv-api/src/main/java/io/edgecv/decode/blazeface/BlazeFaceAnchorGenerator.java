package io.edgecv.decode.blazeface;

import io.edgecv.decode.Anchors;

/**
 * MediaPipe's {@code SsdAnchorsCalculator} as BlazeFace configures it: fixed anchor size (w = h = 1), one grid per
 * distinct stride, consecutive layers of the same stride sharing a grid, each layer adding
 * {@code anchorsPerLayer} anchors per cell (2 with the interpolated scale, 1 without). Centres
 * {@code ((x + 0.5) / grid, (y + 0.5) / grid)}, ordered grid, row, column, anchor.
 *
 * <p>Short range 128: strides 8, 16, 16, 16, 2 anchors a layer: 16x16x2 + 8x8x6 = 896. Full range 192: stride 4,
 * 1 anchor: 48x48 = 2304. Back 256: strides 16, 32, 32, 32: the same 896 as short range.
 *
 * <p>Thread-safety: immutable.
 */
public final class BlazeFaceAnchorGenerator {
    private final int inputSize;
    private final int[] strides;
    private final int anchorsPerLayer;

    /**
     * @param inputSize square input size in pixels
     * @param strides one stride per layer
     * @param anchorsPerLayer anchors each layer adds per grid cell
     */
    public BlazeFaceAnchorGenerator(int inputSize, int[] strides, int anchorsPerLayer) {
        if (inputSize <= 0 || strides.length == 0 || anchorsPerLayer <= 0) {
            throw new IllegalArgumentException("need a positive input size, strides and anchors per layer");
        }
        for (int s : strides) {
            if (s <= 0 || inputSize % s != 0) {
                throw new IllegalArgumentException("stride " + s + " does not divide input size " + inputSize);
            }
        }
        this.inputSize = inputSize;
        this.strides = strides.clone();
        this.anchorsPerLayer = anchorsPerLayer;
    }

    /** @return the anchors */
    public Anchors generate() {
        int total = 0;
        for (int l = 0; l < strides.length; ) {
            int same = sameStrideRun(l);
            int grid = inputSize / strides[l];
            total += grid * grid * same * anchorsPerLayer;
            l += same;
        }
        float[] cx = new float[total];
        float[] cy = new float[total];
        float[] ones = new float[total];
        java.util.Arrays.fill(ones, 1f);
        int i = 0;
        for (int l = 0; l < strides.length; ) {
            int same = sameStrideRun(l);
            int grid = inputSize / strides[l];
            int perCell = same * anchorsPerLayer;
            for (int y = 0; y < grid; y++) {
                for (int x = 0; x < grid; x++) {
                    for (int a = 0; a < perCell; a++) {
                        cx[i] = (x + 0.5f) / grid;
                        cy[i] = (y + 0.5f) / grid;
                        i++;
                    }
                }
            }
            l += same;
        }
        return new Anchors(cx, cy, ones, ones);
    }

    private int sameStrideRun(int from) {
        int n = 1;
        while (from + n < strides.length && strides[from + n] == strides[from]) {
            n++;
        }
        return n;
    }
}
