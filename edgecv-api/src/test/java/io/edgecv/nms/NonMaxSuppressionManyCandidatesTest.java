package io.edgecv.nms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hard NMS on many candidates (grouped by class, precomputed corners) gives exactly what the plain greedy
 * algorithm gives: the same boxes in the same order, for class-aware and class-agnostic NMS, any threshold and cap.
 */
class NonMaxSuppressionManyCandidatesTest {
    /** Plain greedy NMS: sort by score (ties: lower index first), keep a box unless a kept one overlaps it. */
    private static int[] reference(Candidates c, float threshold, boolean classAware, int maxKept) {
        int n = c.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        float[] s = c.scores();
        Arrays.sort(order, (a, b) -> Float.compare(s[b], s[a]) != 0 ? Float.compare(s[b], s[a]) : a - b);
        boolean[] removed = new boolean[n];
        List<Integer> kept = new ArrayList<>();
        for (int r = 0; r < n && kept.size() < maxKept; r++) {
            int i = order[r];
            if (removed[i]) {
                continue;
            }
            kept.add(i);
            for (int q = r + 1; q < n; q++) {
                int j = order[q];
                if (!removed[j] && (!classAware || c.classes()[j] == c.classes()[i])
                        && NonMaxSuppression.iou(c.boxes(), i, j) > threshold) {
                    removed[j] = true;
                }
            }
        }
        return kept.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Candidates random(Random r, int n, int classes) {
        Candidates c = new Candidates(8);
        c.clear(0);
        float[][] centres = new float[Math.max(1, n / 20)][];
        for (int k = 0; k < centres.length; k++) {
            centres[k] = new float[] {640 * r.nextFloat(), 640 * r.nextFloat(), 20 + 200 * r.nextFloat()};
        }
        for (int i = 0; i < n; i++) {
            float[] o = centres[r.nextInt(centres.length)];
            float w = o[2] * (0.7f + 0.6f * r.nextFloat());
            float h = o[2] * (0.7f + 0.6f * r.nextFloat());
            float x = o[0] + 30 * (r.nextFloat() - 0.5f);
            float y = o[1] + 30 * (r.nextFloat() - 0.5f);
            float x1 = x - w / 2;
            float x2 = x + w / 2;
            int kind = r.nextInt(50);
            if (kind == 0) {
                float t = x1; // swapped corners
                x1 = x2;
                x2 = t;
            } else if (kind == 1) {
                x2 = x1; // empty
            } else if (kind == 2) {
                x1 = Float.NaN;
            }
            float score = kind == 3 ? 0.5f : r.nextFloat(); // some ties
            c.add(x1, y - h / 2, x2, y + h / 2, score, r.nextInt(classes));
        }
        return c;
    }

    @Test
    void sameResultAsThePlainGreedyAlgorithm() {
        Random r = new Random(3);
        NonMaxSuppression nms = new NonMaxSuppression();
        float[] thresholds = {0f, 0.3f, 0.45f, 0.7f, 1f, 2f, -0.1f};
        int[] caps = {1, 10, 100, 100_000};
        for (int n : new int[] {0, 1, 2, 7, 60, 700, 3000}) {
            for (int classes : new int[] {1, 3, 80}) {
                Candidates c = random(r, n, classes);
                for (float t : thresholds) {
                    for (int cap : caps) {
                        for (boolean aware : new boolean[] {true, false}) {
                            int[] want = reference(c, t, aware, cap);
                            int count = nms.hard(c, t, aware, cap);
                            assertThat(Arrays.copyOf(nms.kept(), count))
                                    .as("n %d classes %d iou %s cap %d aware %s", n, classes, t, cap, aware)
                                    .isEqualTo(want);
                        }
                    }
                }
            }
        }
    }

    @Test
    void handlesThousandsOfCandidatesOfOneClass() {
        Random r = new Random(5);
        Candidates c = random(r, 8400, 1);
        NonMaxSuppression nms = new NonMaxSuppression();
        int count = nms.hard(c, 0.7f, true, 300);
        assertThat(Arrays.copyOf(nms.kept(), count)).isEqualTo(reference(c, 0.7f, true, 300));
    }
}
