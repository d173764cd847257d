package io.edgecv.decode.ssd;

import io.edgecv.decode.Anchors;
import java.util.Arrays;

/**
 * The TF Object Detection API's {@code ssd_anchor_generator} ({@code MultipleGridAnchorGenerator}): for layer
 * {@code l} of {@code L}, scale {@code s_l = min + (max - min) * l / (L - 1)}; every aspect ratio at {@code s_l}
 * plus one box of scale {@code sqrt(s_l * s_(l+1))} (with {@code s_L = 1}) and ratio 1; the lowest layer reduced
 * to {@code (0.1, 1), (s_0, 2), (s_0, 0.5)}. Box width {@code s * sqrt(ar)}, height {@code s / sqrt(ar)}; centres
 * at {@code ((x + 0.5) / fm, (y + 0.5) / fm)}, ordered row, column, box.
 *
 * <p>Thread-safety: immutable.
 */
public final class SsdAnchorGenerator {
    private final int[] featureMaps;
    private final float minScale;
    private final float maxScale;
    private final float[] aspectRatios;
    private final boolean reduceLowestLayer;

    /**
     * @param featureMaps square feature map sizes, finest first (SSD-MobileNetV2 at 300: 19, 10, 5, 3, 2, 1)
     * @param minScale scale of the first layer (0.2)
     * @param maxScale scale of the last layer (0.95)
     * @param aspectRatios ratios of every layer but the reduced lowest (1, 2, 0.5, 3, 1/3)
     * @param reduceLowestLayer whether the lowest layer has the three reduced boxes
     */
    public SsdAnchorGenerator(int[] featureMaps, float minScale, float maxScale, float[] aspectRatios,
                              boolean reduceLowestLayer) {
        if (featureMaps.length == 0 || aspectRatios.length == 0) {
            throw new IllegalArgumentException("need at least one feature map and one aspect ratio");
        }
        this.featureMaps = featureMaps.clone();
        this.minScale = minScale;
        this.maxScale = maxScale;
        this.aspectRatios = aspectRatios.clone();
        this.reduceLowestLayer = reduceLowestLayer;
    }

    /** @return the defaults of {@code ssd_mobilenet_v2} at 300x300 (1917 anchors) */
    public static SsdAnchorGenerator mobileNetV2() {
        return new SsdAnchorGenerator(new int[] {19, 10, 5, 3, 2, 1}, 0.2f, 0.95f,
                new float[] {1f, 2f, 0.5f, 3f, 1f / 3f}, true);
    }

    /** @return the anchors */
    public Anchors generate() {
        int layers = featureMaps.length;
        double[] scales = new double[layers + 1];
        for (int l = 0; l < layers; l++) {
            scales[l] = layers == 1 ? minScale : minScale + (maxScale - minScale) * l / (layers - 1);
        }
        scales[layers] = 1.0;
        int total = 0;
        double[][] specs = new double[layers][];
        for (int l = 0; l < layers; l++) {
            specs[l] = boxSpecs(l, scales);
            total += featureMaps[l] * featureMaps[l] * (specs[l].length / 2);
        }
        float[] cx = new float[total];
        float[] cy = new float[total];
        float[] w = new float[total];
        float[] h = new float[total];
        int i = 0;
        for (int l = 0; l < layers; l++) {
            int fm = featureMaps[l];
            double[] spec = specs[l];
            for (int y = 0; y < fm; y++) {
                for (int x = 0; x < fm; x++) {
                    for (int b = 0; b < spec.length; b += 2) {
                        double sqrtAr = Math.sqrt(spec[b + 1]);
                        cx[i] = (float) ((x + 0.5) / fm);
                        cy[i] = (float) ((y + 0.5) / fm);
                        w[i] = (float) (spec[b] * sqrtAr);
                        h[i] = (float) (spec[b] / sqrtAr);
                        i++;
                    }
                }
            }
        }
        return new Anchors(cx, cy, w, h);
    }

    /** (scale, ratio) pairs of one layer, in the generator's order. */
    private double[] boxSpecs(int l, double[] scales) {
        if (l == 0 && reduceLowestLayer) {
            return new double[] {0.1, 1.0, scales[0], 2.0, scales[0], 0.5};
        }
        double[] spec = new double[2 * (aspectRatios.length + 1)];
        for (int a = 0; a < aspectRatios.length; a++) {
            spec[2 * a] = scales[l];
            spec[2 * a + 1] = aspectRatios[a];
        }
        spec[2 * aspectRatios.length] = Math.sqrt(scales[l] * scales[l + 1]);
        spec[2 * aspectRatios.length + 1] = 1.0;
        return spec;
    }

    @Override
    public String toString() {
        return "SsdAnchorGenerator" + Arrays.toString(featureMaps);
    }
}
