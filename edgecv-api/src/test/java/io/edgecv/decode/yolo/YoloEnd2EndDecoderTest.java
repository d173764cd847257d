package io.edgecv.decode.yolo;

import static io.edgecv.decode.yolo.YoloDecoderTestData.anchorsFirst;
import static io.edgecv.decode.yolo.YoloDecoderTestData.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.nms.Candidates;
import io.edgecv.nms.NmsKind;
import org.junit.jupiter.api.Test;

class YoloEnd2EndDecoderTest {
    @Test
    void keepsFinalBoxesAboveThresholdAndDropsPaddingAndGarbage() {
        float[][] rows = new float[300][6]; // zero padding rows after the real ones, as Ultralytics pads to max_det
        rows[0] = new float[] {10, 20, 110, 220, 0.9f, 16};
        rows[1] = new float[] {0, 0, 640, 640, 0.3f, 0};
        rows[2] = new float[] {5, 5, 50, 50, 0.2f, 3};                // below threshold
        rows[3] = new float[] {50, 50, 50, 60, 0.9f, 1};              // zero width
        rows[4] = new float[] {60, 50, 50, 60, 0.9f, 1};              // x2 < x1
        rows[5] = new float[] {Float.NaN, 50, 70, 60, 0.9f, 1};
        rows[6] = new float[] {50, 50, 70, 60, Float.NaN, 1};
        rows[7] = new float[] {50, 50, 70, 60, Float.POSITIVE_INFINITY, 1};
        rows[8] = new float[] {50, 50, 70, 60, 0.9f, -1};             // negative class
        rows[9] = new float[] {50, 50, 70, 60, 0.9f, Float.NaN};
        rows[10] = new float[] {-4, 600, 20, 650, 0.5f, 999};         // past the border: kept as given
        for (boolean direct : new boolean[] {false, true}) {
            Candidates c = new Candidates(4);
            new YoloEnd2EndDecoder(0).decode(ArrayOutputs.of(anchorsFirst(rows), direct, 1, 300, 6), 0.25f, c);
            assertThat(rows(c)).containsExactly(
                    "10.000 20.000 110.000 220.000 0.9000 16",
                    "0.000 0.000 640.000 640.000 0.3000 0",
                    "-4.000 600.000 20.000 650.000 0.5000 999");
        }
        Candidates none = new Candidates(4);
        new YoloEnd2EndDecoder(0).decode(ArrayOutputs.of(new float[0], false, 1, 0, 6), 0.25f, none);
        assertThat(none.size()).isZero();
    }

    @Test
    void decodesBatchEntriesAndScalesNormalisedBoxes() {
        float[][] b0 = {{0.1f, 0.1f, 0.2f, 0.2f, 0.9f, 1}};
        float[][] b1 = {{0.5f, 0.5f, 1f, 1f, 0.8f, 2}};
        ArrayOutputs out = ArrayOutputs.of(anchorsFirst(b0, b1), false, 2, 1, 6);
        Candidates c = new Candidates(4);
        new YoloEnd2EndDecoder(0, 640, 320).decode(out, 1, 0.5f, c);
        assertThat(rows(c)).containsExactly("320.000 160.000 640.000 320.000 0.8000 2");
        assertThatThrownBy(() -> new YoloEnd2EndDecoder(0).decode(out, 2, 0.5f, c))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new YoloEnd2EndDecoder(0).decode(ArrayOutputs.of(new float[7], false, 1, 1, 7),
                0.5f, c)).isInstanceOf(IllegalStateException.class).hasMessageContaining("[B, K, 6]");
    }

    @Test
    void needsNoNmsByDefault() {
        assertThat(new YoloEnd2EndDecoder(0).defaultNms()).isEqualTo(NmsKind.NONE);
    }
}
