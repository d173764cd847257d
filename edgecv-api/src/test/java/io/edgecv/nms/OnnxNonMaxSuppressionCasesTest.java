package io.edgecv.nms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The nine {@code test_nonmaxsuppression_*} node tests of ONNX (onnx/backend/test/data/node, as shipped in
 * Debian's {@code libonnx-testdata} 1.12.0), transcribed as facts: boxes {@code [y1, x1, y2, x2]} (or centre
 * format), scores per class, max boxes per class, IoU threshold, score threshold, and the expected
 * {@code [batch, class, box]} triples. ONNX keeps a box when its score is above the score threshold and suppresses
 * it when its IoU with a kept box is above the IoU threshold; both are what {@link NonMaxSuppression#hard} does.
 */
class OnnxNonMaxSuppressionCasesTest {
    private static final float[] SIX_BOXES = {
        0.0f, 0.0f, 1.0f, 1.0f, 0.0f, 0.1f, 1.0f, 1.1f, 0.0f, -0.1f, 1.0f, 0.9f,
        0.0f, 10.0f, 1.0f, 11.0f, 0.0f, 10.1f, 1.0f, 11.1f, 0.0f, 100.0f, 1.0f, 101.0f};
    private static final float[] SIX_SCORES = {0.9f, 0.75f, 0.6f, 0.95f, 0.5f, 0.3f};

    @Test
    void centerPointBoxFormat() {
        float[] centre = {
            0.5f, 0.5f, 1.0f, 1.0f, 0.5f, 0.6f, 1.0f, 1.0f, 0.5f, 0.4f, 1.0f, 1.0f,
            0.5f, 10.5f, 1.0f, 1.0f, 0.5f, 10.6f, 1.0f, 1.0f, 0.5f, 100.5f, 1.0f, 1.0f};
        float[] corners = new float[centre.length];
        for (int i = 0; i < centre.length; i += 4) { // [x_center, y_center, width, height]
            corners[i] = centre[i] - centre[i + 2] / 2;
            corners[i + 1] = centre[i + 1] - centre[i + 3] / 2;
            corners[i + 2] = centre[i] + centre[i + 2] / 2;
            corners[i + 3] = centre[i + 1] + centre[i + 3] / 2;
        }
        assertThat(run(1, 1, corners, SIX_SCORES, 3, 0.5f, 0f)).containsExactly(0, 0, 3, 0, 0, 0, 0, 0, 5);
    }

    @Test
    void flippedCoordinates() {
        float[] boxes = {
            1.0f, 1.0f, 0.0f, 0.0f, 0.0f, 0.1f, 1.0f, 1.1f, 0.0f, 0.9f, 1.0f, -0.1f,
            0.0f, 10.0f, 1.0f, 11.0f, 1.0f, 10.1f, 0.0f, 11.1f, 1.0f, 101.0f, 0.0f, 100.0f};
        assertThat(run(1, 1, boxes, SIX_SCORES, 3, 0.5f, 0f)).containsExactly(0, 0, 3, 0, 0, 0, 0, 0, 5);
    }

    @Test
    void identicalBoxes() {
        float[] boxes = new float[40];
        float[] scores = new float[10];
        for (int i = 0; i < 10; i++) {
            boxes[4 * i + 2] = 1f;
            boxes[4 * i + 3] = 1f;
            scores[i] = 0.9f;
        }
        assertThat(run(1, 1, boxes, scores, 3, 0.5f, 0f)).containsExactly(0, 0, 0);
    }

    @Test
    void limitOutputSize() {
        assertThat(run(1, 1, SIX_BOXES, SIX_SCORES, 2, 0.5f, 0f)).containsExactly(0, 0, 3, 0, 0, 0);
    }

    @Test
    void singleBox() {
        assertThat(run(1, 1, new float[] {0f, 0f, 1f, 1f}, new float[] {0.9f}, 3, 0.5f, 0f))
                .containsExactly(0, 0, 0);
    }

    @Test
    void suppressByIou() {
        assertThat(run(1, 1, SIX_BOXES, SIX_SCORES, 3, 0.5f, 0f)).containsExactly(0, 0, 3, 0, 0, 0, 0, 0, 5);
    }

    @Test
    void suppressByIouAndScores() {
        assertThat(run(1, 1, SIX_BOXES, SIX_SCORES, 3, 0.5f, 0.4f)).containsExactly(0, 0, 3, 0, 0, 0);
    }

    @Test
    void twoBatches() {
        float[] boxes = concat(SIX_BOXES, SIX_BOXES);
        float[] scores = concat(SIX_SCORES, SIX_SCORES);
        assertThat(run(2, 1, boxes, scores, 2, 0.5f, 0f)).containsExactly(0, 0, 3, 0, 0, 0, 1, 0, 3, 1, 0, 0);
    }

    @Test
    void twoClasses() {
        float[] scores = concat(SIX_SCORES, SIX_SCORES); // [1, 2, 6]
        assertThat(runClasses(SIX_BOXES, scores, 2, 2, 0.5f, 0f)).containsExactly(0, 0, 3, 0, 0, 0, 0, 1, 3, 0, 1, 0);
    }

    /** Runs ONNX NonMaxSuppression semantics for batches of one class each. */
    private static List<Integer> run(int batches, int classes, float[] boxes, float[] scores, int max, float iou,
                                     float scoreThreshold) {
        List<Integer> out = new ArrayList<>();
        int n = scores.length / batches / classes;
        for (int b = 0; b < batches; b++) {
            float[] bb = java.util.Arrays.copyOfRange(boxes, b * n * 4, (b + 1) * n * 4);
            float[] ss = java.util.Arrays.copyOfRange(scores, b * n, (b + 1) * n);
            for (int idx : select(bb, ss, max, iou, scoreThreshold)) {
                out.add(b);
                out.add(0);
                out.add(idx);
            }
        }
        return out;
    }

    /** One batch, several classes: each class runs on its own, as ONNX does. */
    private static List<Integer> runClasses(float[] boxes, float[] scores, int classes, int max, float iou,
                                            float scoreThreshold) {
        List<Integer> out = new ArrayList<>();
        int n = boxes.length / 4;
        for (int c = 0; c < classes; c++) {
            float[] ss = java.util.Arrays.copyOfRange(scores, c * n, (c + 1) * n);
            for (int idx : select(boxes, ss, max, iou, scoreThreshold)) {
                out.add(0);
                out.add(c);
                out.add(idx);
            }
        }
        return out;
    }

    /** Candidates keep their original index as class id, so the kept indices map back to ONNX box indices. */
    private static List<Integer> select(float[] boxes, float[] scores, int max, float iou, float scoreThreshold) {
        Candidates c = new Candidates(4);
        c.clear(0);
        List<Integer> original = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            if (scores[i] > scoreThreshold) {
                c.add(boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3], scores[i], 0);
                original.add(i);
            }
        }
        NonMaxSuppression nms = new NonMaxSuppression();
        int kept = nms.hard(c, iou, false, max);
        List<Integer> result = new ArrayList<>();
        for (int k = 0; k < kept; k++) {
            result.add(original.get(nms.kept()[k]));
        }
        return result;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
