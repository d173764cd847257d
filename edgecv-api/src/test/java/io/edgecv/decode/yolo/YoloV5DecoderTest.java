package io.edgecv.decode.yolo;

import static io.edgecv.decode.yolo.YoloDecoderTestData.anchorsFirst;
import static io.edgecv.decode.yolo.YoloDecoderTestData.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.nms.Candidates;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class YoloV5DecoderTest {
    private static List<String> decode(int classes, float threshold, float[][] rows) {
        List<String> first = null;
        for (boolean direct : new boolean[] {false, true}) {
            Candidates c = new Candidates(4);
            new YoloV5Decoder(0, classes).decode(ArrayOutputs.of(anchorsFirst(rows), direct, 1, rows.length,
                    5 + classes), threshold, c);
            if (first == null) {
                first = rows(c);
            } else {
                assertThat(rows(c)).isEqualTo(first);
            }
        }
        return first;
    }

    @Test
    void scoreIsObjectnessTimesBestClass() {
        float[][] rows = {
            {100, 100, 20, 40, 0.9f, 0.1f, 0.5f},  // 0.45, class 1
            {100, 100, 20, 40, 0.2f, 1.0f, 1.0f},  // objectness below threshold: skipped
            {100, 100, 20, 40, 0.5f, 0.4f, 0.3f},  // 0.2 < 0.25: dropped
            {100, 100, 20, 40, 1.0f, 0.3f, 0.3f},  // tie: class 0
        };
        assertThat(decode(2, 0.25f, rows)).containsExactly(
                "90.000 80.000 110.000 120.000 0.4500 1",
                "90.000 80.000 110.000 120.000 0.3000 0");
    }

    @Test
    void edgeCases() {
        assertThat(decode(1, 0.25f, new float[0][6])).isEmpty();
        float[][] rows = {
            {100, 100, 0, 40, 0.9f, 0.9f},                  // zero width
            {100, 100, 10, 10, Float.NaN, 0.9f},            // NaN objectness
            {100, 100, 10, 10, Float.POSITIVE_INFINITY, 0.9f},
            {100, 100, 10, 10, 0.9f, Float.NaN},            // NaN class: no class
            {0, 0, 10, 10, 0.9f, 1f},                       // on the corner: kept
        };
        assertThat(decode(1, 0.25f, rows)).containsExactly("-5.000 -5.000 5.000 5.000 0.9000 0");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 80, 1000})
    void matchesAStraightforwardReference(int classes) {
        Random r = new Random(classes);
        float[][] rows = new float[500][5 + classes];
        List<String> want = new ArrayList<>();
        for (float[] row : rows) {
            row[0] = 640 * r.nextFloat();
            row[1] = 640 * r.nextFloat();
            row[2] = 50 * r.nextFloat() + 1;
            row[3] = 50 * r.nextFloat() + 1;
            row[4] = r.nextFloat();
            int best = 0;
            for (int c = 0; c < classes; c++) {
                row[5 + c] = r.nextFloat();
                if (row[5 + c] > row[5 + best]) {
                    best = c;
                }
            }
            float s = row[4] * row[5 + best];
            if (s >= 0.4f) {
                want.add(String.format(Locale.ROOT, "%.3f %.3f %.3f %.3f %.4f %d", row[0] - row[2] / 2,
                        row[1] - row[3] / 2, row[0] + row[2] / 2, row[1] + row[3] / 2, s, best));
            }
        }
        assertThat(want).isNotEmpty();
        assertThat(decode(classes, 0.4f, rows)).isEqualTo(want);
    }

    @Test
    void decodesBatchEntries() {
        float[][] b0 = {{10, 10, 4, 4, 0.9f, 1f}};
        float[][] b1 = {{20, 20, 4, 4, 0.8f, 1f}};
        ArrayOutputs out = ArrayOutputs.of(anchorsFirst(b0, b1), true, 2, 1, 6);
        YoloV5Decoder d = new YoloV5Decoder(0, 1);
        Candidates c = new Candidates(4);
        d.decode(out, 1, 0.5f, c);
        assertThat(rows(c)).containsExactly("18.000 18.000 22.000 22.000 0.8000 0");
        assertThatThrownBy(() -> d.decode(ArrayOutputs.of(new float[12], false, 1, 2, 6), 3, 0.5f, c))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> d.decode(ArrayOutputs.of(new float[12], false, 1, 2, 5), 0.5f, c))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("[B, N, 6]");
    }
}
