package io.edgecv.onnx.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * The entropy searches against known values: the TensorRT slide's worked example of Q, a hand-computed ONNX Runtime
 * Q, and thresholds of fixed histograms computed by an independent numpy transcription of both published
 * algorithms (TensorRT/MXNet {@code _get_optimal_threshold}; ONNX Runtime {@code get_entropy_threshold} with
 * {@code scipy.stats.entropy}).
 */
class EntropyThresholdTest {
    /** Migacz, GTC 2017, slide "candidate distribution Q": P = [1 0 2 3 5 3 1 7] into 2 levels. */
    @Test
    void tensorRtSlideExample() {
        long[] hist = {1, 0, 2, 3, 5, 3, 1, 7};
        double[] p = {1, 0, 2, 3, 5, 3, 1, 7};
        double[] q = new double[8];
        EntropyThreshold.expand(hist, 0, 8, p, q, 2, true, false);
        assertThat(q).containsExactly(2, 0, 2, 2, 4, 4, 4, 4);
    }

    /**
     * ONNX Runtime into 3 levels: 8 / 3 = 2 bins a level; the 2 leftover bins count in the last level (5+3+1+7 =
     * 16) but are not spread over; level values truncate to integers (5 / 2 = 2) and fill bins where P is 0 too.
     */
    @Test
    void onnxRuntimeExpansionByHand() {
        long[] hist = {1, 0, 2, 3, 5, 3, 1, 7};
        double[] p = {1, 0, 2, 3, 5, 3, 1, 7};
        double[] q = new double[8];
        EntropyThreshold.expand(hist, 0, 8, p, q, 3, false, true);
        assertThat(q).containsExactly(1, 1, 2, 2, 8, 8, 0, 0);
    }

    @Test
    void smoothingMovesEpsToTheZeros() {
        double[] h = {3, 0, 1, 0};
        assertThat(EntropyThreshold.smooth(h, 4)).isTrue();
        assertThat(h).containsExactly(new double[] {3 - 1e-4, 1e-4, 1 - 1e-4, 1e-4}, within(1e-15));
        assertThat(EntropyThreshold.smooth(new double[] {0, 0}, 2)).isFalse();
    }

    /** KL(P || Q) of two normalised distributions, by hand: 0.5 ln(0.5/0.25) + 0.5 ln(0.5/0.75). */
    @Test
    void divergenceByHand() {
        double kl = EntropyThreshold.divergence(new double[] {1, 1}, new double[] {1, 3}, 2);
        assertThat(kl).isCloseTo(0.5 * Math.log(2) + 0.5 * Math.log(2.0 / 3), within(1e-12));
    }

    private static long[] gaussianMagnitudes() {
        long[] h = new long[2048];
        for (int k = 0; k < h.length; k++) {
            h[k] = (long) Math.floor(100000 * Math.exp(-Math.pow(k / 400.0, 2)));
        }
        h[2047] += 5;
        return h;
    }

    /** numpy transcription of TensorRT's search: bin 1359 of 2048 over [0, 10] -> (1359 + 0.5) x 10 / 2048. */
    @Test
    void tensorRtThresholdOfAFixedHistogram() {
        assertThat(EntropyThreshold.tensorRt(gaussianMagnitudes(), 10f)).isCloseTo(6.63818359375f, within(1e-5f));
    }

    /** The same with ReLU's spike of zeros in bin 0, which TensorRT keeps: the threshold drops to bin 1151. */
    @Test
    void tensorRtKeepsTheZeroSpike() {
        long[] h = gaussianMagnitudes();
        h[0] += 500000;
        assertThat(EntropyThreshold.tensorRt(h, 10f)).isCloseTo(5.62255859375f, within(1e-5f));
    }

    /**
     * numpy transcription of ONNX Runtime's search on 256 signed bins over [-8, 8] with 128 quantized bins: the
     * 12th window (index 11) wins, edges -4.6875 and 4.75; the values seen (-7.9, 7.95) do not clamp it.
     */
    @Test
    void onnxRuntimeRangeOfAFixedHistogram() {
        long[] h = new long[256];
        for (int k = 0; k < h.length; k++) {
            h[k] = (long) Math.floor(1000 * Math.exp(-Math.pow((k - 128) / 20.0, 2)));
        }
        h[3] += 2;
        h[250] += 1;
        float[] r = EntropyThreshold.onnxRuntime(h, 8f, 128, -7.9f, 7.95f);
        assertThat(r[0]).isCloseTo(-4.6875f, within(1e-6f));
        assertThat(r[1]).isCloseTo(4.75f, within(1e-6f));
        // clamped to the values seen when they lie inside the window
        float[] c = EntropyThreshold.onnxRuntime(h, 8f, 128, -1f, 2f);
        assertThat(c).containsExactly(-1f, 2f);
    }

    /** With as many bins as quantized bins (ONNX Runtime's defaults on one batch) the only window is everything. */
    @Test
    void onnxRuntimeWithOneCandidateKeepsTheWholeRange() {
        long[] h = new long[128];
        h[10] = 5;
        h[64] = 100;
        assertThat(EntropyThreshold.onnxRuntime(h, 3f, 128, -2.5f, 0.5f)).containsExactly(-2.5f, 0.5f);
    }

    /**
     * ONNX Runtime's merge_histogram, by numpy: 128 bins over [-1, 1]; a batch reaching 2.0 adds 65 bins of width
     * 1/64 a side (258 bins over [-2.015625, 2.015625]) and the old counts move 65 bins right.
     */
    @Test
    void growingHistogramWidensByWholeBins() {
        GrowingHistogram g = new GrowingHistogram();
        g.add(new float[] {-1f, 0.5f, 1f}, 3);
        assertThat(g.counts()).hasSize(128);
        g.add(new float[] {2f, -0.25f}, 2);
        long[] h = g.counts();
        assertThat(h).hasSize(258);
        assertThat(g.threshold()).isEqualTo(2.015625);
        for (int k = 0; k < h.length; k++) {
            boolean set = k == 65 || k == 113 || k == 161 || k == 192 || k == 257;
            assertThat(h[k]).as("bin " + k).isEqualTo(set ? 1 : 0);
        }
    }
}
