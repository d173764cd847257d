package io.edgecv.decode.ssd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.edgecv.decode.Activation;
import io.edgecv.decode.ArrayOutputs;
import io.edgecv.decode.Anchors;
import io.edgecv.nms.Candidates;
import io.edgecv.spi.OutputTensors;
import org.junit.jupiter.api.Test;

/** {@link SsdDecoder#encode} is the inverse of decoding, on the real MobileNetV2 anchors. */
class SsdEncodeTest {
    @Test
    void anEncodedBoxDecodesBackToItselfOnEveryKindOfAnchor() {
        Anchors anchors = SsdAnchorGenerator.mobileNetV2().generate();
        SsdDecoder d = new SsdDecoder(anchors, 0, 1, 2, 1, 300, 300, new float[] {10, 10, 5, 5}, Activation.SIGMOID);
        int n = anchors.size();
        float[] boxes = new float[4 * n];
        float[] scores = new float[2 * n];
        for (int a : new int[] {0, 1, 2, n / 2, n - 1}) {
            java.util.Arrays.fill(scores, -10f);
            scores[2 * a + 1] = 10f;
            d.encode(a, 0.12f, 0.30f, 0.55f, 0.91f, boxes, 4 * a);
            Candidates c = new Candidates(4);
            c.clear(0);
            d.decode(outputs(boxes, scores), 0.5f, c);
            assertThat(c.size()).isEqualTo(1);
            assertThat(c.boxes()[0]).isCloseTo(0.12f * 300, within(1e-3f));
            assertThat(c.boxes()[1]).isCloseTo(0.30f * 300, within(1e-3f));
            assertThat(c.boxes()[2]).isCloseTo(0.55f * 300, within(1e-3f));
            assertThat(c.boxes()[3]).isCloseTo(0.91f * 300, within(1e-3f));
        }
        float[] out = new float[4];
        d.encode(7, anchors.cx(7) - anchors.w(7) / 2, anchors.cy(7) - anchors.h(7) / 2,
                anchors.cx(7) + anchors.w(7) / 2, anchors.cy(7) + anchors.h(7) / 2, out, 0);
        assertThat(out).containsExactly(new float[] {0, 0, 0, 0}, within(1e-5f));
        assertThatThrownBy(() -> d.encode(0, 0.5f, 0.5f, 0.5f, 0.6f, out, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is empty");
    }

    private static OutputTensors outputs(float[]... tensors) {
        return ArrayOutputs.of(tensors);
    }
}
