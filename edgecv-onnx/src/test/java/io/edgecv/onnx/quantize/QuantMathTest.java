package io.edgecv.onnx.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.edgecv.quantize.ActivationType;
import io.edgecv.quantize.CalibrationMethod;
import org.junit.jupiter.api.Test;

/**
 * {@link QuantParams}, {@link WeightQuantization} and {@link RangeSelector} against values computed by hand from
 * ONNX Runtime's {@code compute_scale_zp} (uint8: scale = (max - min) / 255, zero point = round(-min / scale), the
 * range widened to hold 0) and TensorRT's symmetric int8 (scale = amax / 127, zero point 0).
 */
class QuantMathTest {
    @Test
    void uint8ScaleAndZeroPoint() {
        QuantParams q = QuantParams.of(-1f, 3f, ActivationType.UINT8_ASYMMETRIC);
        assertThat(q.scale).isEqualTo(4f / 255f);
        assertThat(q.zeroPoint).isEqualTo(64); // round(1 / (4 / 255)) = round(63.75)
        assertThat(q.type).isEqualTo(Tensors.UINT8);
        assertThat(q.representableMin()).isCloseTo(-64 * 4f / 255f, within(1e-6f));
        assertThat(q.representableMax()).isCloseTo(191 * 4f / 255f, within(1e-6f));
    }

    @Test
    void rangeIsWidenedToHoldZero() {
        QuantParams q = QuantParams.of(0.5f, 2f, ActivationType.UINT8_ASYMMETRIC);
        assertThat(q.min).isZero();
        assertThat(q.scale).isEqualTo(2f / 255f);
        assertThat(q.zeroPoint).isZero();
        QuantParams n = QuantParams.of(-3f, -1f, ActivationType.UINT8_ASYMMETRIC);
        assertThat(n.max).isZero();
        assertThat(n.zeroPoint).isEqualTo(255);
    }

    @Test
    void int8SymmetricAsTensorRt() {
        QuantParams q = QuantParams.of(-2f, 1f, ActivationType.INT8_SYMMETRIC);
        assertThat(q.scale).isEqualTo(2f / 127f);
        assertThat(q.zeroPoint).isZero();
        assertThat(q.type).isEqualTo(Tensors.INT8);
        assertThat(q.min).isEqualTo(-2f);
        assertThat(q.max).isEqualTo(2f);
    }

    @Test
    void constantTensorGetsScaleOne() {
        QuantParams q = QuantParams.of(0f, 0f, ActivationType.UINT8_ASYMMETRIC);
        assertThat(q.scale).isEqualTo(1f);
        assertThat(q.zeroPoint).isZero();
    }

    @Test
    void perChannelWeightsByHand() {
        // rows are output channels: amax 1.0 and 2.0
        WeightQuantization w = WeightQuantization.symmetric(new float[] {0.5f, -1f, 2f, 0.25f}, new long[] {2, 2},
                0);
        assertThat(w.scales).containsExactly(1f / 127f, 2f / 127f);
        // 0.5 * 127 = 63.5 -> 64 (ties to even); -127; 127; 0.25 * 63.5 = 15.875 -> 16
        assertThat(w.values).containsExactly(64, -127, 127, 16);
        int[] bias = w.bias(new float[] {0.1f, -0.2f}, 0.05f);
        // 0.1 / (0.05 / 127) = 254; -0.2 / (0.05 * 2 / 127) = -254
        assertThat(bias).containsExactly(254, -254);
        assertThat(w.biasScales(0.05f)).containsExactly(new float[] {0.05f / 127f, 0.1f / 127f}, within(1e-9f));
    }

    @Test
    void perTensorWeightsRoundTiesToEvenAsNumpy() {
        WeightQuantization w = WeightQuantization.symmetric(new float[] {0.5f, -1f, 2f, 0.25f}, new long[] {2, 2},
                -1);
        assertThat(w.scales).containsExactly(2f / 127f);
        // 31.75 -> 32; -63.5 -> -64 (numpy.round; Math.round would give -63); 127; 15.875 -> 16
        assertThat(w.values).containsExactly(32, -64, 127, 16);
    }

    @Test
    void convWeightsPerOutputChannelOverTheInnerAxes() {
        // [2, 1, 1, 2]: channel 0 = {1, -4}, channel 1 = {0.5, 0.25}
        WeightQuantization w = WeightQuantization.symmetric(new float[] {1f, -4f, 0.5f, 0.25f},
                new long[] {2, 1, 1, 2}, 0);
        assertThat(w.scales).containsExactly(4f / 127f, 0.5f / 127f);
        assertThat(w.values).containsExactly(32, -127, 127, 64); // 31.75 -> 32; 63.5 -> 64
    }

    private static TensorStatistics stats(float[] v) {
        TensorStatistics s = new TensorStatistics("t");
        s.observe(v, v.length);
        s.histogram(v, v.length);
        return s;
    }

    /** 0..999 and one outlier at 10000. */
    private static float[] withOutlier() {
        float[] v = new float[1001];
        for (int i = 0; i < 1000; i++) {
            v[i] = i;
        }
        v[1000] = 10000f;
        return v;
    }

    @Test
    void minMaxKeepsEverything() {
        float[] r = new RangeSelector(CalibrationMethod.MINMAX, 99.9, ActivationType.UINT8_ASYMMETRIC)
                .select(stats(withOutlier()));
        assertThat(r).containsExactly(0f, 10000f);
    }

    /**
     * 99.9% of 1001 magnitudes: the 1000th value (999) lies in bin floor(999 x 2048 / 10000) = 204 of the 2048
     * magnitude bins over [0, 10000], so the threshold is that bin's upper edge, 205 x 10000 / 2048.
     */
    @Test
    void percentileClipsTheOutlierAtTheBinEdge() {
        float[] r = new RangeSelector(CalibrationMethod.PERCENTILE, 99.9, ActivationType.INT8_SYMMETRIC)
                .select(stats(withOutlier()));
        assertThat(r[0]).isEqualTo(0f);
        assertThat(r[1]).isCloseTo(205 * 10000f / 2048, within(1e-3f));
    }

    /**
     * Entropy on uint8 is ONNX Runtime's search on its growing histogram; one image of 0..999 and 10000 gives 128
     * bins over [-10000, 10000] with a single window: the values seen, unclipped.
     */
    @Test
    void entropyOnOneImageIsOnnxRuntimesSingleWindow() {
        float[] r = new RangeSelector(CalibrationMethod.ENTROPY, 99.9, ActivationType.UINT8_ASYMMETRIC)
                .select(stats(withOutlier()));
        assertThat(r).containsExactly(0f, 10000f);
    }

    /** Entropy on int8 is TensorRT's search on the 2048 magnitude bins: it clips the lone outlier. */
    @Test
    void entropyOnInt8ClipsTheOutlier() {
        float[] r = new RangeSelector(CalibrationMethod.ENTROPY, 99.9, ActivationType.INT8_SYMMETRIC)
                .select(stats(withOutlier()));
        assertThat(r[1]).isLessThan(1100f).isGreaterThan(900f);
    }
}
