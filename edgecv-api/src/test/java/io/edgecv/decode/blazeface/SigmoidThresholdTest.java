package io.edgecv.decode.blazeface;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgecv.decode.Activation;
import io.edgecv.decode.ArrayOutputs;
import io.edgecv.decode.Anchors;
import io.edgecv.nms.Candidates;
import io.edgecv.decode.ssd.SsdDecoder;
import io.edgecv.spi.OutputTensors;
import org.junit.jupiter.api.Test;

/**
 * The score threshold is exclusive: a logit of exactly 0 (sigmoid 0.5, what a score head quantized to zero
 * gives) never passes a threshold of 0.5, while the smallest positive logits do. An INT8 BlazeFace whose score
 * logits all rounded to 0 once returned 100 boxes scored exactly 0.5000 per photo.
 */
class SigmoidThresholdTest {
    private static final float[] LOGITS = {0f, -0f, 1e-3f, -1e-3f, 2f, Float.NaN};

    private static OutputTensors outputs(float[]... tensors) {
        return ArrayOutputs.of(tensors);
    }

    private static Anchors anchors(int n) {
        float[] c = new float[n];
        float[] one = new float[n];
        java.util.Arrays.fill(c, 0.5f);
        java.util.Arrays.fill(one, 1f);
        return new Anchors(c, c, one, one);
    }

    @Test
    void blazeFaceDropsLogitsOfExactlyZeroAtOneHalf() {
        int n = LOGITS.length;
        float[] reg = new float[n * 4];
        for (int i = 0; i < n; i++) {
            reg[4 * i + 2] = 10;
            reg[4 * i + 3] = 10;
        }
        Candidates c = new Candidates(8);
        c.clear(0);
        new BlazeFaceDecoder(anchors(n), new int[] {0}, new int[] {1}, 4, 128, 128).decode(outputs(reg, LOGITS),
                0.5f, c);
        assertThat(c.size()).isEqualTo(2); // 1e-3 and 2
        assertThat(c.scores()[0]).isEqualTo(Activation.sigmoid(1e-3f)).isGreaterThan(0.5f);
        assertThat(c.scores()[1]).isEqualTo(Activation.sigmoid(2f));
    }

    @Test
    void ssdDropsLogitsOfExactlyZeroAtOneHalf() {
        int n = LOGITS.length;
        float[] scores = new float[n * 2]; // background column, then one class
        for (int i = 0; i < n; i++) {
            scores[2 * i + 1] = LOGITS[i];
        }
        Candidates c = new Candidates(8);
        c.clear(0);
        new SsdDecoder(anchors(n), 0, 1, 2, 1, 300, 300, new float[] {10, 10, 5, 5}, Activation.SIGMOID)
                .decode(outputs(new float[n * 4], scores), 0.5f, c);
        assertThat(c.size()).isEqualTo(2);
        assertThat(c.scores()[0]).isGreaterThan(0.5f);
    }
}
