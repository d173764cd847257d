package io.edgecv.nms;

import java.util.Arrays;

/**
 * Non-maximum suppression on {@link Candidates}: greedy hard NMS (class-aware or class-agnostic) and MediaPipe's
 * weighted NMS. A box is suppressed when its IoU with a kept box of higher score is strictly greater than the
 * threshold (ONNX {@code NonMaxSuppression} semantics); equal scores keep the lower index first. Boxes given with
 * swapped corners are handled as their normalised rectangle.
 *
 * <p>Work arrays are kept and grown, so repeated calls allocate nothing at steady state.
 *
 * <p>Thread-safety: not thread-safe; one instance per thread.
 */
public final class NonMaxSuppression {
    /**
     * Most candidates {@link #hard} considers, best scores first (Ultralytics' {@code max_nms}): a flood of
     * low-score boxes from a very low threshold cannot make NMS quadratic in the input size.
     */
    public static final int MAX_CANDIDATES = 30_000;

    private long[] order = new long[64];
    private boolean[] removed = new boolean[64];
    private int[] kept = new int[64];
    private float[] blend = new float[4];
    // hard NMS, indexed by score rank (0 = best)
    private int[] rank = new int[0];
    private int[] rankClass = new int[0];
    private float[] x1 = new float[0];
    private float[] y1 = new float[0];
    private float[] x2 = new float[0];
    private float[] y2 = new float[0];
    private float[] area = new float[0];
    private boolean[] suppressed = new boolean[0];
    private boolean[] keep = new boolean[0];
    private long[] groups = new long[0];
    private int keptCount;

    /**
     * Merges overlapping candidates the way {@code kind} says: hard NMS within each class or across classes,
     * MediaPipe's weighted NMS, or none (only the best {@code maxKept} by score).
     *
     * @param kind how overlaps are merged
     * @param in the candidates
     * @param iouThreshold IoU above which boxes are merged or suppressed
     * @param maxKept most boxes kept
     * @param merged receives the blended boxes of weighted NMS (cleared); untouched otherwise
     * @return the candidates that hold the kept boxes ({@code in}, or {@code merged} for weighted NMS); their
     *         indices, best first, are {@link #kept()} up to {@link #keptCount()}
     */
    public Candidates suppress(NmsKind kind, Candidates in, float iouThreshold, int maxKept, Candidates merged) {
        switch (kind) {
            case WEIGHTED:
                weighted(in, iouThreshold, maxKept, merged);
                keptCount = merged.size();
                for (int r = 0; r < keptCount; r++) {
                    kept[r] = r; // weighted() sized kept for in.size() >= merged.size()
                }
                return merged;
            case NONE:
                keptCount = hard(in, 1f, false, maxKept); // no IoU exceeds 1: sorts and cuts only
                return in;
            default:
                keptCount = hard(in, iouThreshold, kind == NmsKind.HARD_CLASS_AWARE, maxKept);
                return in;
        }
    }

    /** @return how many boxes the last {@link #suppress} kept */
    public int keptCount() {
        return keptCount;
    }

    /**
     * Greedy hard NMS.
     *
     * <p>Cost: a sort of the candidates, then for each kept box one pass over the lower-scored ones; class-aware
     * NMS first groups the candidates by class, so a box is compared only with boxes of its own class. Only the
     * {@link #MAX_CANDIDATES} best-scored candidates are considered. A threshold of 1 or more (no IoU exceeds it)
     * only sorts.
     *
     * @param c the candidates
     * @param iouThreshold suppress boxes overlapping a kept one by more than this
     * @param classAware only boxes of the same class suppress each other
     * @param maxKept stop after this many boxes
     * @return how many were kept; their indices are in {@link #kept()}, highest score first
     */
    public int hard(Candidates c, float iouThreshold, boolean classAware, int maxKept) {
        int n = c.size();
        sortByScore(c.scores(), n);
        int m = Math.min(n, MAX_CANDIDATES);
        rankBoxes(c, n, m);
        if (maxKept <= 0) {
            return 0;
        }
        boolean suppresses = iouThreshold < 1f; // IoU never exceeds 1; NaN suppresses nothing either
        if (!classAware || !suppresses) {
            return greedy(0, m, iouThreshold, suppresses, maxKept, null);
        }
        // class-aware: NMS within each class (grouped by class, score order kept), then the best maxKept overall
        long[] g = groups;
        for (int p = 0; p < m; p++) {
            g[p] = ((long) (rankClass[p] ^ Integer.MIN_VALUE) << 32) | p;
        }
        Arrays.sort(g, 0, m);
        for (int s = 0; s < m; ) {
            int cls = rankClass[(int) g[s]];
            int e = s + 1;
            while (e < m && rankClass[(int) g[e]] == cls) {
                e++;
            }
            greedy(s, e, iouThreshold, true, maxKept, g);
            s = e;
        }
        int count = 0;
        for (int p = 0; p < m && count < maxKept; p++) {
            if (keep[p]) {
                kept[count++] = rank[p];
            }
        }
        return count;
    }

    /**
     * Greedy NMS over score ranks {@code from..to} (or over {@code group[from..to]} when a group is given, marking
     * {@link #keep} instead of filling {@link #kept}).
     */
    private int greedy(int from, int to, float iouThreshold, boolean suppresses, int maxKept, long[] group) {
        int count = 0;
        for (int a = from; a < to && count < maxKept; a++) {
            int p = group == null ? a : (int) group[a];
            if (suppressed[p]) {
                continue;
            }
            if (group == null) {
                kept[count] = rank[p];
            } else {
                keep[p] = true;
            }
            count++;
            if (!suppresses) {
                continue;
            }
            float ax1 = x1[p];
            float ay1 = y1[p];
            float ax2 = x2[p];
            float ay2 = y2[p];
            float aa = area[p];
            for (int b = a + 1; b < to; b++) {
                int q = group == null ? b : (int) group[b];
                if (suppressed[q]) {
                    continue;
                }
                if (overlap(ax1, ay1, ax2, ay2, aa, x1[q], y1[q], x2[q], y2[q], area[q]) > iouThreshold) {
                    suppressed[q] = true;
                }
            }
        }
        return count;
    }

    /** Fills the per-rank work arrays (rank 0 = best score) for the {@code m} best of {@code n} candidates. */
    private void rankBoxes(Candidates c, int n, int m) {
        if (rank.length < m) {
            int cap = Math.max(m, 2 * rank.length);
            rank = new int[cap];
            rankClass = new int[cap];
            x1 = new float[cap];
            y1 = new float[cap];
            x2 = new float[cap];
            y2 = new float[cap];
            area = new float[cap];
            suppressed = new boolean[cap];
            keep = new boolean[cap];
            groups = new long[cap];
        }
        float[] b = c.boxes();
        int[] cls = c.classes();
        for (int p = 0; p < m; p++) {
            int i = indexAt(n - 1 - p);
            rank[p] = i;
            rankClass[p] = cls[i];
            float ax1 = Math.min(b[4 * i], b[4 * i + 2]);
            float ax2 = Math.max(b[4 * i], b[4 * i + 2]);
            float ay1 = Math.min(b[4 * i + 1], b[4 * i + 3]);
            float ay2 = Math.max(b[4 * i + 1], b[4 * i + 3]);
            x1[p] = ax1;
            y1[p] = ay1;
            x2[p] = ax2;
            y2[p] = ay2;
            area[p] = (ax2 - ax1) * (ay2 - ay1);
            suppressed[p] = false;
            keep[p] = false;
        }
    }

    /**
     * MediaPipe's weighted NMS: take the best remaining box, blend it with every remaining box overlapping it by
     * more than the threshold (coordinates and keypoints averaged, weighted by score), keep the best score.
     *
     * @param in the candidates
     * @param iouThreshold boxes overlapping the best by more than this join its cluster (MediaPipe faces: 0.3)
     * @param maxKept stop after this many clusters
     * @param out receives the blended boxes, cleared first, highest score first
     */
    public void weighted(Candidates in, float iouThreshold, int maxKept, Candidates out) {
        int n = in.size();
        int kp = in.keypointCount();
        out.clear(kp);
        sortByScore(in.scores(), n);
        float[] b = in.boxes();
        float[] s = in.scores();
        float[] p = in.keypoints();
        if (blend.length < 4 + 2 * kp) {
            blend = new float[4 + 2 * kp];
        }
        for (int r = n - 1; r >= 0 && out.size() < maxKept; r--) {
            int top = indexAt(r);
            if (removed[top]) {
                continue;
            }
            Arrays.fill(blend, 0, 4 + 2 * kp, 0f);
            float total = 0f;
            for (int q = r; q >= 0; q--) {
                int j = indexAt(q);
                if (removed[j] || (j != top && !(iou(b, top, j) > iouThreshold))) {
                    continue;
                }
                removed[j] = true;
                float w = s[j];
                total += w;
                for (int k = 0; k < 4; k++) {
                    blend[k] += w * b[4 * j + k];
                }
                for (int k = 0; k < 2 * kp; k++) {
                    blend[4 + k] += w * p[2 * kp * j + k];
                }
            }
            if (!(total > 0f)) {
                // zero scores: keep the top box as it is
                total = 1f;
                System.arraycopy(b, 4 * top, blend, 0, 4);
                System.arraycopy(p, 2 * kp * top, blend, 4, 2 * kp);
            }
            int o = out.add(blend[0] / total, blend[1] / total, blend[2] / total, blend[3] / total, s[top],
                    in.classes()[top]);
            for (int k = 0; k < kp; k++) {
                out.setKeypoint(o, k, blend[4 + 2 * k] / total, blend[5 + 2 * k] / total);
            }
        }
    }

    /** @return indices kept by the last {@link #hard} call, highest score first; valid up to its count */
    public int[] kept() {
        return kept;
    }

    /**
     * IoU of boxes i and j in an {@code x1, y1, x2, y2} array; corners may be given in either order.
     *
     * @param b the boxes
     * @param i first box index
     * @param j second box index
     * @return intersection over union, 0 when either box is empty
     */
    public static float iou(float[] b, int i, int j) {
        float ax1 = Math.min(b[4 * i], b[4 * i + 2]);
        float ax2 = Math.max(b[4 * i], b[4 * i + 2]);
        float ay1 = Math.min(b[4 * i + 1], b[4 * i + 3]);
        float ay2 = Math.max(b[4 * i + 1], b[4 * i + 3]);
        float bx1 = Math.min(b[4 * j], b[4 * j + 2]);
        float bx2 = Math.max(b[4 * j], b[4 * j + 2]);
        float by1 = Math.min(b[4 * j + 1], b[4 * j + 3]);
        float by2 = Math.max(b[4 * j + 1], b[4 * j + 3]);
        return overlap(ax1, ay1, ax2, ay2, (ax2 - ax1) * (ay2 - ay1), bx1, by1, bx2, by2, (bx2 - bx1) * (by2 - by1));
    }

    /** IoU of two normalised boxes (x1 &lt;= x2, y1 &lt;= y2) with their areas; 0 when either is empty. */
    private static float overlap(float ax1, float ay1, float ax2, float ay2, float areaA,
                                 float bx1, float by1, float bx2, float by2, float areaB) {
        float iw = Math.min(ax2, bx2) - Math.max(ax1, bx1);
        float ih = Math.min(ay2, by2) - Math.max(ay1, by1);
        if (!(iw > 0f) || !(ih > 0f)) {
            return 0f;
        }
        float inter = iw * ih;
        float union = areaA + areaB - inter;
        return union > 0f ? inter / union : 0f;
    }

    /**
     * Sorts candidate indices by score, ascending, into {@code order} (read from the end for descending), with
     * ties broken by lower index first. Keys pack the score's order-preserving bits above the inverted index, so
     * a primitive sort does it with no boxing.
     */
    private void sortByScore(float[] scores, int n) {
        if (order.length < n) {
            int cap = Math.max(n, 2 * order.length);
            order = new long[cap];
            removed = new boolean[cap];
            kept = new int[cap];
        }
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToIntBits(scores[i]);
            bits ^= (bits >> 31) & 0x7FFFFFFF; // negative floats sort below positive ones
            order[i] = ((long) bits << 32) | (0xFFFFFFFFL & (Integer.MAX_VALUE - i));
            removed[i] = false;
        }
        Arrays.sort(order, 0, n);
    }

    private int indexAt(int r) {
        return Integer.MAX_VALUE - (int) order[r];
    }
}
