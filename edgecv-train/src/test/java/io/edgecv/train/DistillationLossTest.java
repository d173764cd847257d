package io.edgecv.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The loss against the formula written out in plain Java doubles. */
class DistillationLossTest {
    private static final double[][] S = {{1.0, -0.5, 2.0}, {0.3, 0.1, -1.2}};
    private static final double[][] T = {{0.5, -1.0, 3.0}, {2.5, 0.0, -0.4}};

    private static double[] logSoftmax(double[] z, double temp) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) {
            max = Math.max(max, v / temp);
        }
        double sum = 0;
        for (double v : z) {
            sum += Math.exp(v / temp - max);
        }
        double[] out = new double[z.length];
        for (int k = 0; k < z.length; k++) {
            out[k] = z[k] / temp - max - Math.log(sum);
        }
        return out;
    }

    private static double reference(double alpha, double temp, int[] labels) {
        double ce = 0;
        double kl = 0;
        for (int i = 0; i < S.length; i++) {
            ce -= logSoftmax(S[i], 1)[labels[i]];
            double[] ls = logSoftmax(S[i], temp);
            double[] lt = logSoftmax(T[i], temp);
            for (int k = 0; k < ls.length; k++) {
                kl += Math.exp(lt[k]) * (lt[k] - ls[k]);
            }
        }
        return alpha * ce / S.length + (1 - alpha) * temp * temp * kl / S.length;
    }

    @Test
    void classLossIsAlphaCePlusTSquaredKl() {
        DistillationLoss loss = DistillationLoss.builder().optAlpha(0.3f).optTemperature(2f).build();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray s = m.create(new double[] {1.0, -0.5, 2.0, 0.3, 0.1, -1.2}, new Shape(1, 2, 3));
            NDArray t = m.create(new double[] {0.5, -1.0, 3.0, 2.5, 0.0, -0.4}, new Shape(1, 2, 3));
            // without labels the teacher's arg-max (2, 0) is the label
            assertThat(loss.classLoss(s, t, null).getDouble()).isCloseTo(reference(0.3, 2, new int[] {2, 0}),
                    within(1e-7)); // alpha is a float
            NDArray labels = m.create(new long[] {1, 2}, new Shape(1, 2));
            assertThat(loss.classLoss(s, t, labels).getDouble()).isCloseTo(reference(0.3, 2, new int[] {1, 2}),
                    within(1e-7)); // alpha is a float
        }
    }

    private static double sig(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void sigmoidClassLossIsPerClassBinaryCePlusKl() {
        double alpha = 0.25;
        double temp = 3;
        double ce = 0;
        double kl = 0;
        for (int i = 0; i < S.length; i++) {
            for (int k = 0; k < 3; k++) {
                double y = T[i][k] >= 0 ? 1 : 0; // without labels: the teacher's decision per class
                ce -= y * Math.log(sig(S[i][k])) + (1 - y) * Math.log(1 - sig(S[i][k]));
                double pt = sig(T[i][k] / temp);
                double ps = sig(S[i][k] / temp);
                kl += pt * Math.log(pt / ps) + (1 - pt) * Math.log((1 - pt) / (1 - ps));
            }
        }
        double expected = alpha * ce / S.length + (1 - alpha) * temp * temp * kl / S.length;
        DistillationLoss loss = DistillationLoss.builder().optAlpha(0.25f).optTemperature(3f)
                .optSigmoidScores(true).build();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray s = m.create(new double[] {1.0, -0.5, 2.0, 0.3, 0.1, -1.2}, new Shape(1, 2, 3));
            NDArray t = m.create(new double[] {0.5, -1.0, 3.0, 2.5, 0.0, -0.4}, new Shape(1, 2, 3));
            assertThat(loss.classLoss(s, t, null).getDouble()).isCloseTo(expected, within(1e-9));
        }
    }

    @Test
    void boxLossIsSmoothL1OnConfidentAnchorsOnly() {
        DistillationLoss loss = DistillationLoss.builder().optConfidence(0.5f).optBoxWeight(2f).build();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            // anchor 0: teacher class 2 logit 3.0 -> sigmoid 0.95, confident; anchor 1: best foreground 0.0 -> 0.5
            // is confident too (>=), anchor 2: all foreground logits negative -> not confident
            NDArray logits = m.create(new double[] {0.5, -1.0, 3.0, 2.5, 0.0, -0.4, 5.0, -2.0, -3.0},
                    new Shape(1, 3, 3));
            NDArray s = m.create(new double[] {0, 0, 0, 0, 1, 1, 1, 1, 9, 9, 9, 9}, new Shape(1, 3, 4));
            NDArray t = m.create(new double[] {0.5, -2, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0}, new Shape(1, 3, 4));
            // anchor 0: 0.5*0.25 + (2 - 0.5) = 1.625; anchor 1: 0; anchor 2 ignored; mean over 2 anchors, x2
            assertThat(loss.boxLoss(s, t, logits).getDouble()).isCloseTo(2 * 1.625 / 2, within(1e-7)); // alpha is a float
        }
    }

    @Test
    void foregroundWeightIsAWeightedMeanOverAnchors() {
        // per anchor: l_a = alpha CE_a + (1 - alpha) T^2 KL_a (sigmoid form); w_a = 1 + g max(fg_t, fg_s) with fg the
        // largest sigmoid over classes 1.. (class 0 background); loss = sum w_a l_a / sum w_a
        double alpha = 0.5;
        double temp = 2;
        double g = 10;
        double num = 0;
        double den = 0;
        for (int i = 0; i < S.length; i++) {
            double ce = 0;
            double kl = 0;
            double fgT = 0;
            double fgS = 0;
            for (int k = 0; k < 3; k++) {
                double y = T[i][k] >= 0 ? 1 : 0;
                ce -= y * Math.log(sig(S[i][k])) + (1 - y) * Math.log(1 - sig(S[i][k]));
                double pt = sig(T[i][k] / temp);
                double ps = sig(S[i][k] / temp);
                kl += pt * Math.log(pt / ps) + (1 - pt) * Math.log((1 - pt) / (1 - ps));
                if (k >= 1) {
                    fgT = Math.max(fgT, sig(T[i][k]));
                    fgS = Math.max(fgS, sig(S[i][k]));
                }
            }
            double w = 1 + g * Math.max(fgT, fgS);
            num += w * (alpha * ce + (1 - alpha) * temp * temp * kl);
            den += w;
        }
        DistillationLoss loss = DistillationLoss.builder().optAlpha(0.5f).optTemperature(2f).optSigmoidScores(true)
                .optForegroundWeight(10f).build();
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray s = m.create(new double[] {1.0, -0.5, 2.0, 0.3, 0.1, -1.2}, new Shape(1, 2, 3));
            NDArray t = m.create(new double[] {0.5, -1.0, 3.0, 2.5, 0.0, -0.4}, new Shape(1, 2, 3));
            assertThat(loss.classLoss(s, t, null).getDouble()).isCloseTo(num / den, within(1e-6));
        }
    }
}
