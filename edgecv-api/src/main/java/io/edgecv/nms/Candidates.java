package io.edgecv.nms;

import java.util.Arrays;

/**
 * Detection candidates on primitive arrays, as decoders produce them and NMS consumes them: boxes as
 * {@code x1, y1, x2, y2} in model input pixels, a score, a class id, and a fixed number of keypoints each.
 * Grows as needed and is reused frame after frame with {@link #clear()}, so the steady state allocates nothing.
 *
 * <p>Thread-safety: not thread-safe.
 */
public final class Candidates {
    private int keypoints;
    private int size;
    private float[] boxes;
    private float[] scores;
    private int[] classes;
    private float[] points;

    /** @param initialCapacity candidates held before the arrays grow */
    public Candidates(int initialCapacity) {
        int n = Math.max(16, initialCapacity);
        boxes = new float[4 * n];
        scores = new float[n];
        classes = new int[n];
        points = new float[0];
    }

    /**
     * Empties the list and sets how many keypoints each candidate carries.
     *
     * @param keypointsPerCandidate keypoints (x, y pairs) per candidate, 0 for boxes only
     */
    public void clear(int keypointsPerCandidate) {
        this.keypoints = keypointsPerCandidate;
        this.size = 0;
        if (points.length < 2 * keypoints * scores.length) {
            points = new float[2 * keypoints * scores.length];
        }
    }

    /** Empties the list, keeping the keypoint count. */
    public void clear() {
        clear(keypoints);
    }

    /**
     * Appends a candidate.
     *
     * @return its index, to set keypoints with {@link #setKeypoint}
     */
    public int add(float x1, float y1, float x2, float y2, float score, int classId) {
        if (size == scores.length) {
            grow();
        }
        int i = size++;
        boxes[4 * i] = x1;
        boxes[4 * i + 1] = y1;
        boxes[4 * i + 2] = x2;
        boxes[4 * i + 3] = y2;
        scores[i] = score;
        classes[i] = classId;
        return i;
    }

    /**
     * @param i candidate index
     * @param k keypoint index
     * @param x model input pixels
     * @param y model input pixels
     */
    public void setKeypoint(int i, int k, float x, float y) {
        int p = 2 * (i * keypoints + k);
        points[p] = x;
        points[p + 1] = y;
    }

    /**
     * Keeps only the candidates whose class is allowed, in order.
     *
     * @param allowed {@code allowed[c]} says whether class c stays; classes beyond its length are dropped
     */
    public void retainClasses(boolean[] allowed) {
        int w = 0;
        for (int r = 0; r < size; r++) {
            int c = classes[r];
            if (c < 0 || c >= allowed.length || !allowed[c]) {
                continue;
            }
            if (w != r) {
                System.arraycopy(boxes, 4 * r, boxes, 4 * w, 4);
                scores[w] = scores[r];
                classes[w] = c;
                System.arraycopy(points, 2 * keypoints * r, points, 2 * keypoints * w, 2 * keypoints);
            }
            w++;
        }
        size = w;
    }

    private void grow() {
        int n = scores.length * 2;
        boxes = Arrays.copyOf(boxes, 4 * n);
        scores = Arrays.copyOf(scores, n);
        classes = Arrays.copyOf(classes, n);
        points = Arrays.copyOf(points, 2 * keypoints * n);
    }

    /** @return number of candidates */
    public int size() {
        return size;
    }

    /** @return keypoints per candidate */
    public int keypointCount() {
        return keypoints;
    }

    /** @return {@code x1, y1, x2, y2} of candidate i at {@code 4 * i}; valid up to {@code 4 * size()} */
    public float[] boxes() {
        return boxes;
    }

    /** @return scores; valid up to {@link #size()} */
    public float[] scores() {
        return scores;
    }

    /** @return class ids; valid up to {@link #size()} */
    public int[] classes() {
        return classes;
    }

    /** @return keypoints, {@code x, y} of keypoint k of candidate i at {@code 2 * (i * keypointCount() + k)} */
    public float[] keypoints() {
        return points;
    }
}
