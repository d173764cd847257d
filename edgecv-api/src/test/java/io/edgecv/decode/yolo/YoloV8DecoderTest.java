package io.edgecv.decode.yolo;

import static io.edgecv.decode.yolo.YoloDecoderTestData.anchorsFirst;
import static io.edgecv.decode.yolo.YoloDecoderTestData.channelsFirst;
import static io.edgecv.decode.yolo.YoloDecoderTestData.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgecv.nms.Candidates;
import io.edgecv.nms.NmsKind;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class YoloV8DecoderTest {
    private static final float NAN = Float.NaN;
    private static final float INF = Float.POSITIVE_INFINITY;

    /** Decodes rows given anchor by anchor, in both layouts and both buffer kinds; checks they agree. */
    private static List<String> decode(int classes, float threshold, float[][] rows) {
        List<String> first = null;
        for (boolean anchorsFirst : new boolean[] {false, true}) {
            for (boolean direct : new boolean[] {false, true}) {
                int f = 4 + classes;
                ArrayOutputs out = anchorsFirst
                        ? ArrayOutputs.of(anchorsFirst(rows), direct, 1, rows.length, f)
                        : ArrayOutputs.of(channelsFirst(f, rows), direct, 1, f, rows.length);
                Candidates c = new Candidates(4);
                c.clear(0);
                new YoloV8Decoder(0, classes, anchorsFirst).decode(out, threshold, c);
                List<String> got = rows(c);
                if (first == null) {
                    first = got;
                } else {
                    assertThat(got).as("layout anchorsFirst=%s direct=%s", anchorsFirst, direct).isEqualTo(first);
                }
            }
        }
        return first;
    }

    /** A straightforward reference: best class per anchor, score >= threshold, positive finite box. */
    private static List<String> reference(int classes, float threshold, float[][] rows) {
        List<String> out = new ArrayList<>();
        for (float[] r : rows) {
            int best = -1;
            for (int c = 0; c < classes; c++) {
                if (Float.isFinite(r[4 + c]) && (best < 0 || r[4 + c] > r[4 + best])) {
                    best = c;
                }
            }
            if (best < 0 || r[4 + best] <= threshold || !(r[2] > 0) || !(r[3] > 0)) {
                continue;
            }
            out.add(String.format(Locale.ROOT, "%.3f %.3f %.3f %.3f %.4f %d", r[0] - r[2] / 2, r[1] - r[3] / 2,
                    r[0] + r[2] / 2, r[1] + r[3] / 2, r[4 + best], best));
        }
        return out;
    }

    @Test
    void keepsTheBestClassOfEachAnchorAboveThreshold() {
        float[][] rows = {
            {100, 100, 20, 40, 0.10f, 0.90f, 0.30f},  // class 1
            {200, 50, 10, 10, 0.20f, 0.10f, 0.24f},   // best 0.24 < 0.25: dropped
            {320, 320, 640, 640, 0.26f, 0.26f, 0.0f}, // tie: first class wins
            {10, 10, 4, 4, 0.25f, 0.0f, 0.25f},       // exactly at threshold: dropped (exclusive, as Ultralytics)
        };
        assertThat(decode(3, 0.25f, rows)).containsExactly(
                "90.000 80.000 110.000 120.000 0.9000 1",
                "0.000 0.000 640.000 640.000 0.2600 0");
    }

    @Test
    void emptyOutputAndAllBelowThresholdGiveNothing() {
        assertThat(decode(3, 0.25f, new float[0][7])).isEmpty();
        float[][] low = new float[50][7];
        for (float[] r : low) {
            r[2] = r[3] = 10;
            r[4] = 0.2f;
        }
        assertThat(decode(3, 0.25f, low)).isEmpty();
    }

    @Test
    void boxesTouchingTheBorderAreKeptAsTheModelGaveThem() {
        float[][] rows = {
            {0, 0, 20, 20, 0.9f},         // centred on the corner: half outside
            {640, 320, 40, 10, 0.8f},     // centred on the right edge
        };
        assertThat(decode(1, 0.5f, rows)).containsExactly(
                "-10.000 -10.000 10.000 10.000 0.9000 0",
                "620.000 315.000 660.000 325.000 0.8000 0");
    }

    @Test
    void degenerateAndNonFiniteBoxesAreDropped() {
        float[][] rows = {
            {100, 100, 0, 10, 0.9f},
            {100, 100, -5, 10, 0.9f},
            {100, 100, 10, 0, 0.9f},
            {NAN, 100, 10, 10, 0.9f},
            {100, 100, INF, 10, 0.9f},
            {100, 100, 10, NAN, 0.9f},
            {100, 100, 10, 10, 0.9f},
        };
        assertThat(decode(1, 0.5f, rows)).containsExactly("95.000 95.000 105.000 105.000 0.9000 0");
    }

    @Test
    void nanAndInfiniteScoresNeverWin() {
        float[][] rows = {
            {100, 100, 10, 10, NAN, 0.6f},           // NaN ignored: class 1
            {100, 100, 10, 10, INF, 0.7f},           // +Inf ignored: class 1
            {100, 100, 10, 10, -INF, NAN},           // nothing finite
            {100, 100, 10, 10, INF, INF},            // nothing finite
            {100, 100, 10, 10, 0.8f, -INF},          // class 0
        };
        assertThat(decode(2, 0.5f, rows)).containsExactly(
                "95.000 95.000 105.000 105.000 0.6000 1",
                "95.000 95.000 105.000 105.000 0.7000 1",
                "95.000 95.000 105.000 105.000 0.8000 0");
        assertThat(decode(2, 0f, rows)).hasSize(3);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 80, 1000, 1203})
    void matchesAStraightforwardReferenceForAnyClassCount(int classes) {
        Random r = new Random(classes);
        float[][] rows = new float[777][4 + classes];
        for (float[] row : rows) {
            row[0] = 640 * r.nextFloat();
            row[1] = 640 * r.nextFloat();
            row[2] = 100 * r.nextFloat() - 5; // some degenerate
            row[3] = 100 * r.nextFloat();
            for (int c = 0; c < classes; c++) {
                row[4 + c] = r.nextFloat() < 0.001f ? NAN : (float) Math.pow(r.nextFloat(), 4);
            }
        }
        List<String> want = reference(classes, 0.3f, rows);
        assertThat(want).isNotEmpty();
        assertThat(decode(classes, 0.3f, rows)).isEqualTo(want);
    }

    @Test
    void realisticOutputWithFewCandidatesMatchesTheReference() {
        // few anchors above threshold: only those are searched for their best class
        float[][] rows = YoloDecoderTestData.realisticV8Rows(8400, 80, 15, 7);
        rows[100][4 + 3] = NAN;
        rows[100][4 + 5] = 0.6f;
        rows[200][4 + 7] = INF;
        rows[200][4 + 9] = 0.7f;
        rows[300][4 + 1] = INF;
        List<String> want = reference(80, 0.25f, rows);
        assertThat(want.size()).isBetween(100, 8400 / 16);
        assertThat(decode(80, 0.25f, rows)).isEqualTo(want);
    }

    @Test
    void decodesEachEntryOfABatchAndEntryZeroForADetector() {
        float[][] b0 = {{10, 10, 4, 4, 0.9f, 0.1f}, {20, 20, 4, 4, 0.1f, 0.1f}};
        float[][] b1 = {{50, 50, 4, 4, 0.1f, 0.1f}, {60, 60, 2, 2, 0.1f, 0.8f}};
        for (boolean anchorsFirst : new boolean[] {false, true}) {
            ArrayOutputs out = anchorsFirst ? ArrayOutputs.of(anchorsFirst(b0, b1), true, 2, 2, 6)
                    : ArrayOutputs.of(channelsFirst(6, b0, b1), true, 2, 6, 2);
            YoloV8Decoder d = new YoloV8Decoder(0, 2, anchorsFirst);
            Candidates c = new Candidates(4);
            d.decode(out, 0.5f, c);
            assertThat(rows(c)).containsExactly("8.000 8.000 12.000 12.000 0.9000 0");
            c.clear();
            d.decode(out, 1, 0.5f, c);
            assertThat(rows(c)).containsExactly("59.000 59.000 61.000 61.000 0.8000 1");
            assertThatThrownBy(() -> d.decode(out, 2, 0.5f, new Candidates(4)))
                    .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("batch index 2");
        }
    }

    @Test
    void readsOutputsWithNoBatchAxis() {
        float[][] rows = {{10, 10, 4, 4, 0.9f}};
        Candidates c = new Candidates(4);
        new YoloV8Decoder(0, 1, false).decode(ArrayOutputs.of(channelsFirst(5, rows), false, 5, 1), 0.5f, c);
        assertThat(rows(c)).containsExactly("8.000 8.000 12.000 12.000 0.9000 0");
    }

    @Test
    void scalesNormalisedBoxes() {
        float[][] rows = {{0.5f, 0.25f, 0.1f, 0.2f, 0.9f}};
        Candidates c = new Candidates(4);
        new YoloV8Decoder(0, 1, false, 640, 480).decode(ArrayOutputs.of(channelsFirst(5, rows), false, 1, 5, 1),
                0.5f, c);
        assertThat(rows(c)).containsExactly("288.000 72.000 352.000 168.000 0.9000 0");
    }

    @Test
    void refusesAnOutputOfAnotherClassCount() {
        ArrayOutputs out = ArrayOutputs.of(new float[85 * 3], false, 1, 85, 3);
        assertThatThrownBy(() -> new YoloV8Decoder(0, 80, false).decode(out, 0.5f, new Candidates(4)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("[B, 84, N]")
                .hasMessageContaining("[1, 85, 3]");
        assertThatThrownBy(() -> new YoloV8Decoder(0, 0, false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultsToClassAwareNms() {
        assertThat(new YoloV8Decoder(0, 80, false).defaultNms()).isEqualTo(NmsKind.HARD_CLASS_AWARE);
    }

    @Test
    void allocatesNothingAtSteadyState() {
        float[][] rows = YoloDecoderTestData.realisticV8Rows(8400, 80, 15, 1);
        for (boolean anchorsFirst : new boolean[] {false, true}) {
            ArrayOutputs out = anchorsFirst ? ArrayOutputs.of(anchorsFirst(rows), true, 1, 8400, 84)
                    : ArrayOutputs.of(channelsFirst(84, rows), true, 1, 84, 8400);
            YoloV8Decoder d = new YoloV8Decoder(0, 80, anchorsFirst);
            Candidates c = new Candidates(16);
            for (int i = 0; i < 20; i++) { // warm up: arrays grow to size
                c.clear(0);
                d.decode(out, 0.25f, c);
            }
            assertThat(c.size()).isBetween(100, 400);
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = mx.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 50; i++) {
                c.clear(0);
                d.decode(out, 0.25f, c);
            }
            long allocated = mx.getCurrentThreadAllocatedBytes() - before;
            assertThat(allocated).as("bytes allocated by 50 decodes").isLessThan(1024);
        }
    }
}
